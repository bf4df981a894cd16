{#
    One row per school per census year: the school rows of stg_census__rows,
    with the two measures that are derived rather than published
    (sen_all, and non_white_british where only White British is published)
    and whether the school is in the configured scope.
#}

with

census_rows as (

    select * from {{ ref('stg_census__rows') }}

),

local_authorities as (

    select * from {{ ref('local_authorities') }}

),

school_rows as (

    select * from census_rows
    where row_kind = 'school'

),

with_derived_measures as (

    select
        school_rows.census_year,
        school_rows.urn,
        school_rows.laestab,
        school_rows.la_code,
        coalesce(school_rows.la_name, local_authorities.la_name) as la_name,
        coalesce(school_rows.ons_la_code, local_authorities.ons_la_code)
            as ons_la_code,
        school_rows.phase,
        school_rows.phase in (
            {{ sql_string_list(var('school_scope_phases')) }}
        ) as is_in_scope,
        {%- for column_name in census_count_columns() if column_name != 'non_white_british' %}
            school_rows.{{ column_name }},
            school_rows.{{ column_name }}_marker,
        {%- endfor %}
        school_rows.sen_statement + school_rows.sen_support as sen_all,
        case
            when
                'not published' in (
                    school_rows.sen_statement_marker,
                    school_rows.sen_support_marker
                )
                then 'not published'
            else
                coalesce(
                    school_rows.sen_statement_marker,
                    school_rows.sen_support_marker
                )
        end as sen_all_marker,
        case
            when school_rows.non_white_british_marker = 'not published'
                then school_rows.headcount - school_rows.white_british
            else school_rows.non_white_british
        end as non_white_british,
        case
            when
                school_rows.non_white_british_marker
                is distinct from 'not published'
                then school_rows.non_white_british_marker
            when school_rows.white_british_marker = 'not published'
                then 'not published'
            else
                coalesce(
                    school_rows.headcount_marker,
                    school_rows.white_british_marker
                )
        end as non_white_british_marker,
        coalesce(
            school_rows.non_white_british_marker = 'not published'
            and school_rows.white_british_marker is distinct from 'not published',
            false
        ) as is_non_white_british_derived,
        school_rows.source_file,
        school_rows.source_row

    from school_rows

    left join local_authorities
        on school_rows.la_code = local_authorities.la_code

)

select * from with_derived_measures
