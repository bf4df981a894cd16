{#
    The anonymised school id never equals a URN or LAESTAB of any school in
    the census, nor the member's own KS4 URN.
#}

with

published as (

    select * from {{ ref('cohort_school_segregation') }}

),

school_years as (

    select * from {{ ref('int_census__school_years') }}

),

members as (

    select * from {{ ref('stg_cohort__members') }}

),

identifiers as (

    select urn as identifier from school_years
    union
    select laestab as identifier from school_years
    union
    select ks4_urn as identifier from members

),

validation_errors as (

    select published."NSID" as nsid

    from published

    inner join identifiers
        on published."KS4_URNANON" = identifiers.identifier

)

select * from validation_errors
