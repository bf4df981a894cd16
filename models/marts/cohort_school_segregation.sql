{#
    The published linked dataset: one row per cohort member, NSID and the
    anonymised KS4 school id, then the catalogue's LEAyy_<index>_<indicator>
    variables of the census years loaded, as explicit columns in catalogue
    order, rounded to var('published_decimals') decimals.
#}

{%- set variables = published_variables_for_loaded_years() -%}
{%- set decimals = var('published_decimals') -%}

-- depends_on: {{ ref('published_variables') }}

-- depends_on: {{ ref('int_census__school_years') }}
with

members as (

    select * from {{ ref('stg_cohort__members') }}

),

member_year_links as (

    select * from {{ ref('int_cohort__member_year_links') }}

),

segregation_indices as (

    select * from {{ ref('segregation_indices') }}

),

ks4_schools as (

    select distinct ks4_urn
    from members
    where ks4_urn is not null

),

{% if var('school_id_lookup', none) %}
    school_id_lookup as (

        select * from {{ source('cohort', 'school_id_lookup') }}

    ),

    school_ids as (

        select
            ks4_schools.ks4_urn,
            school_id_lookup.school_id

        from ks4_schools

        left join school_id_lookup
            on ks4_schools.ks4_urn = trim(school_id_lookup.urn)

    ),
{% else %}
    school_ids as (

        select
            ks4_urn,
            anonymised_school_id(ks4_urn, {{ uses_demo_inputs() }}) as school_id

        from ks4_schools

    ),
{% endif %}

member_indices as (

    select
        member_year_links.nsid,
        member_year_links.census_year,
        segregation_indices.indicator,
        segregation_indices.gs,
        segregation_indices.d

    from member_year_links

    inner join segregation_indices
        on
            member_year_links.la_code = segregation_indices.area_code
            and member_year_links.census_year = segregation_indices.census_year
            and segregation_indices.area_level = 'la'

),

member_variables as (

    select
        nsid,
        {%- for variable in variables if variable.census_year %}
            round(
                max({{ variable.index_name | lower }}) filter (
                    where
                    census_year = {{ variable.census_year }}
                    and indicator = '{{ variable.indicator }}'
                ),
                {{ decimals }}
            ) as {{ adapter.quote(variable.variable_name) }},
        {%- endfor %}
        count(*) as linked_indicator_count

    from member_indices

    group by nsid

),

published as (

    select
        members.nsid as "NSID",
        school_ids.school_id as "KS4_URNANON",
        {%- for variable in variables if variable.census_year %}
            cast(
                member_variables.{{ adapter.quote(variable.variable_name) }} as double
            ) as {{ adapter.quote(variable.variable_name) }},
        {%- endfor %}
        members.source_row

    from members

    left join member_variables
        on members.nsid = member_variables.nsid

    left join school_ids
        on members.ks4_urn = school_ids.ks4_urn

),

final as (

    select
        "NSID",
        "KS4_URNANON"
        {%- for variable in variables if variable.census_year -%}
            ,
            {{ adapter.quote(variable.variable_name) }}
        {%- endfor %}

    from published

    order by source_row asc

)

select * from final
