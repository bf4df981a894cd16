{#
    The linking rule and its quality, one row per cohort member and census
    year with published indices. The member's KS4 school gives its local
    authority for each census year:
      1. the school's own census record in that year, when it has one;
      2. else the school's authority from its record in the nearest other
         census year (or the LA part of its KS4 LAESTAB), when that code has
         indices in the year;
      3. else the crosswalk la_code_changes, when the code maps to exactly
         one code of that year (forward after a change, backward before it);
      4. else no authority, with the reason.
#}

with

members as (

    select * from {{ ref('stg_cohort__members') }}

),

school_years as (

    select * from {{ ref('int_census__school_years') }}

),

la_code_changes as (

    select * from {{ ref('la_code_changes') }}

),

segregation_indices as (

    select * from {{ ref('segregation_indices') }}

),

area_years as (

    select distinct
        area_code as la_code,
        census_year
    from segregation_indices
    where area_level = 'la'

),

census_years as (

    select distinct census_year from school_years

),

member_years as (

    select
        members.nsid,
        members.ks4_urn,
        members.ks4_laestab,
        members.is_ks4_urn_malformed,
        members.is_ks4_laestab_malformed,
        census_years.census_year

    from members

    cross join census_years

),

nearest_school_records as (

    select
        member_years.nsid,
        member_years.census_year,
        school_years.la_code,
        school_years.census_year = member_years.census_year as is_same_year,
        row_number() over (
            partition by member_years.nsid, member_years.census_year
            order by
                abs(school_years.census_year - member_years.census_year) asc,
                school_years.census_year desc
        ) as nearness_rank

    from member_years

    inner join school_years
        on member_years.ks4_urn = school_years.urn

),

member_home_codes as (

    select
        member_years.nsid,
        member_years.census_year,
        member_years.ks4_urn,
        member_years.ks4_laestab,
        member_years.is_ks4_urn_malformed,
        member_years.is_ks4_laestab_malformed,
        case
            when nearest_school_records.is_same_year
                then nearest_school_records.la_code
        end as own_record_la_code,
        coalesce(
            nearest_school_records.la_code,
            left(member_years.ks4_laestab, 3)
        ) as home_la_code,
        case
            when nearest_school_records.la_code is not null
                then 'school census record in another year'
            when member_years.ks4_laestab is not null
                then 'LA part of the KS4 LAESTAB'
        end as home_code_origin

    from member_years

    left join nearest_school_records
        on
            member_years.nsid = nearest_school_records.nsid
            and member_years.census_year = nearest_school_records.census_year
            and nearest_school_records.nearness_rank = 1

),

crosswalk_candidates as (

    select
        member_home_codes.nsid,
        member_home_codes.census_year,
        la_code_changes.to_la_code as candidate_la_code
    from member_home_codes
    inner join la_code_changes
        on
            member_home_codes.home_la_code = la_code_changes.from_la_code
            and member_home_codes.census_year
            >= la_code_changes.first_census_year

    union all

    select
        member_home_codes.nsid,
        member_home_codes.census_year,
        la_code_changes.from_la_code as candidate_la_code
    from member_home_codes
    inner join la_code_changes
        on
            member_home_codes.home_la_code = la_code_changes.to_la_code
            and member_home_codes.census_year
            < la_code_changes.first_census_year

),

crosswalk_matches as (

    select
        nsid,
        census_year,
        count(distinct candidate_la_code) as candidate_count,
        min(candidate_la_code) as candidate_la_code,
        string_agg(distinct candidate_la_code, ', ' order by candidate_la_code)
            as candidate_la_codes

    from crosswalk_candidates

    group by nsid, census_year

),

home_area_years as (

    select
        la_code as home_la_code,
        census_year
    from area_years

),

link_steps as (

    select
        member_home_codes.nsid,
        member_home_codes.census_year,
        member_home_codes.ks4_urn,
        member_home_codes.ks4_laestab,
        member_home_codes.is_ks4_urn_malformed,
        member_home_codes.is_ks4_laestab_malformed,
        member_home_codes.own_record_la_code,
        member_home_codes.home_la_code,
        member_home_codes.home_code_origin,
        crosswalk_matches.candidate_count,
        crosswalk_matches.candidate_la_code,
        crosswalk_matches.candidate_la_codes,
        -- the step of the linking rule that gives the authority, if any
        case
            when member_home_codes.is_ks4_urn_malformed then null
            when member_home_codes.own_record_la_code is not null
                then 'own record'
            when home_area_years.home_la_code is not null then 'home code'
            when crosswalk_matches.candidate_count = 1 then 'crosswalk'
        end as link_step

    from member_home_codes

    left join home_area_years
        on
            member_home_codes.home_la_code = home_area_years.home_la_code
            and member_home_codes.census_year = home_area_years.census_year

    left join crosswalk_matches
        on
            member_home_codes.nsid = crosswalk_matches.nsid
            and member_home_codes.census_year = crosswalk_matches.census_year

),

linked as (

    select
        nsid,
        census_year,
        case link_step
            when 'own record' then own_record_la_code
            when 'home code' then home_la_code
            when 'crosswalk' then candidate_la_code
        end as la_code,
        case link_step
            when 'own record' then 'school census record in that year'
            when 'home code' then home_code_origin
            when 'crosswalk' then 'crosswalk from ' || home_la_code
        end as link_method,
        case
            when link_step is not null then null
            when is_ks4_urn_malformed then 'malformed KS4 URN'
            when ks4_urn is null and is_ks4_laestab_malformed
                then 'malformed KS4 LAESTAB'
            when ks4_urn is null and ks4_laestab is null
                then 'no KS4 school'
            when home_la_code is null
                then 'KS4 school not found in any census year'
            when candidate_count > 1
                then
                    'authority ' || home_la_code
                    || ' maps to several authorities in this year ('
                    || candidate_la_codes || ')'
            else
                'authority ' || home_la_code
                || ' has no indices in this year and no crosswalk entry'
        end as link_failure_reason

    from link_steps

),

final as (

    select
        linked.nsid,
        linked.census_year,
        linked.la_code,
        linked.link_method,
        coalesce(
            linked.link_failure_reason,
            case
                when area_years.la_code is null
                    then
                        'authority ' || linked.la_code
                        || ' has no indices in this year'
            end
        ) as link_failure_reason,
        area_years.la_code is not null as is_linked

    from linked

    left join area_years
        on
            linked.la_code = area_years.la_code
            and linked.census_year = area_years.census_year

)

select * from final
