{#
    How well the cohort links, per census year: members, members with a KS4
    school, members linked to an authority with indices, and the count for
    each reason a member is not linked.
#}

with

members as (

    select * from {{ ref('stg_cohort__members') }}

),

member_year_links as (

    select * from {{ ref('int_cohort__member_year_links') }}

),

member_school_flags as (

    select
        nsid,
        ks4_urn is not null or ks4_laestab is not null as has_ks4_school

    from members

),

summary as (

    select
        member_year_links.census_year,
        coalesce(member_year_links.link_failure_reason, 'linked') as link_outcome,
        count(*) as member_count,
        count(*) filter (where member_school_flags.has_ks4_school)
            as members_with_ks4_school

    from member_year_links

    inner join member_school_flags
        on member_year_links.nsid = member_school_flags.nsid

    group by member_year_links.census_year, link_outcome

)

select * from summary
order by census_year asc, member_count desc
