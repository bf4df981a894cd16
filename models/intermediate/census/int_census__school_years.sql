{#
    One row per school per census year: the school rows of stg_census__rows
    that are not quarantined (int_census__row_checks) and the school-years
    aggregated from pupil-level input (stg_census__pupil_school_years), with
    the two measures that are derived rather than published
    (sen_all, and non_white_british where only White British is published)
    and whether the school is in the configured scope.
#}

with

census_rows as (

    select * from {{ ref('stg_census__rows') }}

),

row_checks as (

    select * from {{ ref('int_census__row_checks') }}

),

local_authorities as (

    select * from {{ ref('local_authorities') }}

),

pupil_school_years as (

    select * from {{ ref('stg_census__pupil_school_years') }}

),

school_rows as (

    select
        census_rows.census_year,
        census_rows.urn,
        census_rows.laestab,
        census_rows.la_code,
        census_rows.la_name,
        census_rows.ons_la_code,
        census_rows.phase,
        row_checks.is_in_scope,
        {%- for column_name in census_count_columns() %}
            census_rows.{{ column_name }},
            census_rows.{{ column_name }}_marker,
        {%- endfor %}
        census_rows.census_input,
        census_rows.source_file,
        census_rows.source_row

    from census_rows

    inner join row_checks
        on
            census_rows.census_input = row_checks.census_input
            and census_rows.source_row = row_checks.source_row

    where row_checks.row_outcome in ('kept', 'out_of_scope')

    union all

    {# pupil-level input: counts aggregated from pupils; non-White British is derived below #}
    select
        census_year,
        urn,
        cast(null as varchar) as laestab,
        la_code,
        cast(null as varchar) as la_name,
        cast(null as varchar) as ons_la_code,
        phase,
        phase in (
            {{ sql_string_list(var('school_scope_phases')) }}
        ) as is_in_scope,
        {%- for column_name in census_count_columns() %}
            {%- if column_name == 'non_white_british' %}
                cast(null as double) as {{ column_name }},
                'not published' as {{ column_name }}_marker,
            {%- else %}
                {{ column_name }},
                cast(null as varchar) as {{ column_name }}_marker,
            {%- endif %}
        {%- endfor %}
        cast(null as integer) as census_input,
        source_file,
        cast(null as bigint) as source_row
    from pupil_school_years

),

with_publication_flags as (

    select
        *,
        coalesce(non_white_british_marker, '') = 'not published'
        and coalesce(white_british_marker, '') != 'not published'
            as is_non_white_british_derived,
        'not published' in (
            coalesce(sen_statement_marker, ''),
            coalesce(sen_support_marker, '')
        ) as is_sen_all_unpublished

    from school_rows

),

with_derived_measures as (

    select
        with_publication_flags.census_year,
        with_publication_flags.urn,
        with_publication_flags.laestab,
        with_publication_flags.la_code,
        coalesce(
            with_publication_flags.la_name, local_authorities.la_name
        ) as la_name,
        coalesce(
            with_publication_flags.ons_la_code, local_authorities.ons_la_code
        ) as ons_la_code,
        with_publication_flags.phase,
        with_publication_flags.is_in_scope,
        {%- for column_name in census_count_columns() if column_name != 'non_white_british' %}
            with_publication_flags.{{ column_name }},
            with_publication_flags.{{ column_name }}_marker,
        {%- endfor %}
        with_publication_flags.sen_statement
        + with_publication_flags.sen_support as sen_all,
        case
            when with_publication_flags.is_sen_all_unpublished
                then 'not published'
            else coalesce(
                with_publication_flags.sen_statement_marker,
                with_publication_flags.sen_support_marker
            )
        end as sen_all_marker,
        case
            when with_publication_flags.is_non_white_british_derived
                then
                    with_publication_flags.headcount
                    - with_publication_flags.white_british
            else with_publication_flags.non_white_british
        end as non_white_british,
        case
            when with_publication_flags.is_non_white_british_derived
                then coalesce(
                    with_publication_flags.headcount_marker,
                    with_publication_flags.white_british_marker
                )
            else with_publication_flags.non_white_british_marker
        end as non_white_british_marker,
        with_publication_flags.is_non_white_british_derived,
        with_publication_flags.census_input,
        with_publication_flags.source_file,
        with_publication_flags.source_row

    from with_publication_flags

    left join local_authorities
        on with_publication_flags.la_code = local_authorities.la_code

)

select * from with_derived_measures
