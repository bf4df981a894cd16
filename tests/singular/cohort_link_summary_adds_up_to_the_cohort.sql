{# Every census year's outcomes add up to the number of cohort members. #}

with

summary as (

    select * from {{ ref('cohort_link_summary') }}

),

members as (

    select count(*) as member_count from {{ ref('stg_cohort__members') }}

),

year_totals as (

    select
        census_year,
        sum(member_count) as member_count

    from summary

    group by census_year

),

validation_errors as (

    select
        year_totals.census_year,
        year_totals.member_count,
        members.member_count as cohort_size

    from year_totals

    cross join members

    where year_totals.member_count != members.member_count

)

select * from validation_errors
