{#
    One row per in-scope school, census year and indicator that the year's
    layout publishes: the school's group count (Fi) and base count (Ti) for the
    indicator, and whether the school can be used. A school whose group or base
    count is unknown, or whose counts are impossible (group larger than base),
    is kept here with its exclusion reason and drops out of that indicator's
    computation entirely (from F and T alike).
#}

{%- set measures = census_count_columns() + ['sen_all'] -%}

with

school_years as (

    select * from {{ ref('int_census__school_years') }}
    where is_in_scope

),

indicators as (

    select * from {{ ref('segregation_indicators') }}

),

measures_long as (

    {%- for measure in measures %}

        select
            census_year,
            urn,
            '{{ measure }}' as measure,
            {{ measure }} as measure_count,
            {{ measure }}_marker as measure_marker
        from school_years
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

indicator_counts as (

    select
        school_years.census_year,
        school_years.urn,
        school_years.la_code,
        indicators.indicator,
        group_measures.measure_count as group_count,
        base_measures.measure_count as base_count,
        group_measures.measure_marker as group_marker,
        base_measures.measure_marker as base_marker

    from school_years

    cross join indicators

    inner join measures_long as group_measures
        on
            school_years.census_year = group_measures.census_year
            and school_years.urn = group_measures.urn
            and indicators.group_measure = group_measures.measure

    inner join measures_long as base_measures
        on
            school_years.census_year = base_measures.census_year
            and school_years.urn = base_measures.urn
            and indicators.base_measure = base_measures.measure

),

published as (

    select * from indicator_counts
    where
        group_marker is distinct from 'not published'
        and base_marker is distinct from 'not published'

),

with_exclusion_reason as (

    select
        census_year,
        urn,
        la_code,
        indicator,
        group_count,
        base_count,
        case
            when group_count is null
                then 'group count unknown (' || coalesce(
                    nullif(group_marker, ''), 'empty'
                ) || ')'
            when base_count is null
                then 'base count unknown (' || coalesce(
                    nullif(base_marker, ''), 'empty'
                ) || ')'
            when group_count > base_count
                then 'group count larger than base count'
        end as exclusion_reason

    from published

),

final as (

    select
        census_year,
        urn,
        la_code,
        indicator,
        group_count,
        base_count,
        exclusion_reason,
        exclusion_reason is null as is_used

    from with_exclusion_reason

)

select * from final
