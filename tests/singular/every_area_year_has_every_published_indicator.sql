{#
    One row per area, year and indicator: every authority with in-scope
    schools in a census year, and England, has exactly the indicators that
    year publishes (no more, no fewer) in segregation_indices.
#}

with

school_indicator_counts as (

    select * from {{ ref('int_segregation__school_indicator_counts') }}

),

segregation_indices as (

    select * from {{ ref('segregation_indices') }}

),

expected as (

    select distinct
        'la' as area_level,
        la_code as area_code,
        census_year,
        indicator
    from school_indicator_counts

    union

    select distinct
        'england' as area_level,
        '{{ var("england_area_code") }}' as area_code,
        census_year,
        indicator
    from school_indicator_counts

),

published as (

    select
        area_level,
        area_code,
        census_year,
        indicator
    from segregation_indices

),

missing as (

    select * from expected
    except
    select * from published

),

unexpected as (

    select * from published
    except
    select * from expected

),

validation_errors as (

    select
        area_level,
        area_code,
        census_year,
        indicator,
        'missing' as problem
    from missing

    union all

    select
        area_level,
        area_code,
        census_year,
        indicator,
        'unexpected' as problem
    from unexpected

)

select * from validation_errors
