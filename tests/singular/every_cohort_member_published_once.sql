{#
    Reconciliation of the cohort: every row of the cohort file is published
    exactly once in cohort_school_segregation, and nothing else is.
#}

with

raw_members as (

    select trim(nsid) as nsid from {{ source('cohort', 'cohort_members') }}

),

published as (

    select "NSID" as nsid from {{ ref('cohort_school_segregation') }}

),

raw_counts as (

    select
        nsid,
        count(*) as raw_count

    from raw_members

    group by nsid

),

published_counts as (

    select
        nsid,
        count(*) as published_count

    from published

    group by nsid

),

validation_errors as (

    select
        coalesce(raw_counts.nsid, published_counts.nsid) as nsid,
        coalesce(raw_counts.raw_count, 0) as raw_count,
        coalesce(published_counts.published_count, 0) as published_count

    from raw_counts

    full outer join published_counts
        on raw_counts.nsid = published_counts.nsid

    where
        coalesce(raw_counts.raw_count, 0) != 1
        or coalesce(published_counts.published_count, 0) != 1

)

select * from validation_errors
