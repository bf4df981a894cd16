{#
    No published value comes from a quarantined row: no quarantined row is in
    int_census__school_years, and no school-year with a quarantined row enters
    any indicator.
#}

with

quarantined as (

    select * from {{ ref('census_quarantined_rows') }}

),

school_years as (

    select * from {{ ref('int_census__school_years') }}

),

school_indicator_counts as (

    select * from {{ ref('int_segregation__school_indicator_counts') }}

),

validation_errors as (

    select
        quarantined.census_input,
        quarantined.source_row,
        'row reached int_census__school_years' as problem

    from quarantined

    inner join school_years
        on
            quarantined.census_input = school_years.census_input
            and quarantined.source_row = school_years.source_row

    union all

    select
        quarantined.census_input,
        quarantined.source_row,
        'school-year entered an indicator' as problem

    from quarantined

    inner join school_indicator_counts
        on
            quarantined.census_year = school_indicator_counts.census_year
            and quarantined.urn = school_indicator_counts.urn

)

select * from validation_errors
