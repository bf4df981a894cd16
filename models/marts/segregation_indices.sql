{#
    The published indices, one row per area, census year and indicator, at full
    precision, with the reason wherever an index is NULL. Disclosure control:
    GS and D of an area with fewer schools used than var('min_schools_per_area')
    are withheld (NULL, with the reason).
#}
{%- set min_schools = var('min_schools_per_area') -%}
{%- if min_schools is not number or min_schools < 0 or min_schools != min_schools | int -%}
    {{ exceptions.raise_compiler_error(
        "var min_schools_per_area must be a whole number >= 0 (1 = off), got " ~ min_schools) }}
{%- endif %}

with

area_indices as (

    select * from {{ ref('int_segregation__area_indices') }}

),

school_years as (

    select * from {{ ref('int_census__school_years') }}

),

indicators as (

    select * from {{ ref('segregation_indicators') }}

),

local_authority_names as (

    select
        la_code,
        census_year,
        mode(la_name) as la_name,
        mode(ons_la_code) as ons_la_code

    from school_years

    group by la_code, census_year

),

named as (

    select
        area_indices.area_level,
        area_indices.area_code,
        case
            when area_indices.area_level = 'england' then 'England'
            else local_authority_names.la_name
        end as area_name,
        case
            when area_indices.area_level = 'england'
                then '{{ var("england_area_code") }}'
            else local_authority_names.ons_la_code
        end as ons_area_code,
        area_indices.census_year,
        area_indices.indicator,
        indicators.label as indicator_label,
        case
            when area_indices.schools_used >= {{ min_schools }}
                then area_indices.gs
        end as gs,
        case
            when area_indices.schools_used >= {{ min_schools }}
                then area_indices.d
        end as d,
        area_indices.schools_used,
        area_indices.schools_excluded,
        area_indices.group_pupils,
        area_indices.base_pupils,
        case
            when area_indices.schools_used = 0
                then 'no school in the area has known counts for this indicator'
            when area_indices.schools_used < {{ min_schools }}
                then
                    'withheld (disclosure control): fewer than '
                    || '{{ min_schools }} schools used'
            when area_indices.base_pupils = 0
                then 'no pupils in the schools used (T = 0): GS and D undefined'
            when area_indices.group_pupils = 0
                then 'no pupils in the group (F = 0): GS and D undefined'
            when area_indices.group_pupils = area_indices.base_pupils
                then 'every pupil is in the group (N = 0): D undefined, GS = 0'
        end as null_reason,
        indicators.display_order

    from area_indices

    inner join indicators
        on area_indices.indicator = indicators.indicator

    left join local_authority_names
        on
            area_indices.area_code = local_authority_names.la_code
            and area_indices.census_year = local_authority_names.census_year
            and area_indices.area_level = 'la'

),

final as (

    select
        area_level,
        area_code,
        area_name,
        ons_area_code,
        census_year,
        indicator,
        indicator_label,
        gs,
        d,
        schools_used,
        schools_excluded,
        group_pupils,
        base_pupils,
        null_reason

    from named

    order by area_level desc, area_code asc, census_year asc, display_order asc

)

select * from final
