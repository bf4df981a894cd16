{#
    Each published value of cohort_school_segregation equals the GS or D of
    the member's linked authority in segregation_indices for that year and
    indicator, rounded to var('published_decimals'); and a member without a
    linked authority has NULL.
#}

{%- set variables = published_variables_for_loaded_years() -%}

-- depends_on: {{ ref('int_census__school_years') }}
with

published as (

    select * from {{ ref('cohort_school_segregation') }}

),

member_year_links as (

    select * from {{ ref('int_cohort__member_year_links') }}

),

segregation_indices as (

    select * from {{ ref('segregation_indices') }}
    where area_level = 'la'

),

expected as (

    select
        member_year_links.nsid,
        member_year_links.census_year,
        segregation_indices.indicator,
        round(segregation_indices.gs, {{ var('published_decimals') }}) as gs,
        round(segregation_indices.d, {{ var('published_decimals') }}) as d

    from member_year_links

    inner join segregation_indices
        on
            member_year_links.la_code = segregation_indices.area_code
            and member_year_links.census_year = segregation_indices.census_year

),

validation_errors as (

    {%- for variable in variables if variable.census_year %}

        select
            published."NSID" as nsid,
            '{{ variable.variable_name }}' as variable_name,
            published.{{ adapter.quote(variable.variable_name) }} as published_value,
            expected.{{ variable.index_name | lower }} as expected_value

        from published

        left join expected
            on
                published."NSID" = expected.nsid
                and expected.census_year = {{ variable.census_year }}
                and expected.indicator = '{{ variable.indicator }}'

        where
            published.{{ adapter.quote(variable.variable_name) }}
            is distinct from expected.{{ variable.index_name | lower }}
        {% if not loop.last %}union all{% endif %}
    {%- else %}
        select
            null as nsid,
            null as variable_name,
            null as published_value,
            null as expected_value
        where false
    {%- endfor %}

)

select * from validation_errors
