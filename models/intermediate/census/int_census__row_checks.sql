{#
    One row per data row of every census input file, with what happens to it:
    `non_school` (total or footer row), `quarantined` (a school row whose
    values are readable but contradict each other or another row), `out_of_scope`
    (a school outside var('school_scope_phases')) or `kept`. A quarantined row
    never reaches int_census__school_years, so no published value comes from it.
    The checks, in order of precedence for `quarantine_reason`:
        duplicate census year and URN   every copy is quarantined
        LA code disagrees with LAESTAB  la_code is not the first 3 digits of laestab
        headcount 0 with a group count above 0
        group count larger than headcount
#}
{%- set group_columns = census_count_columns() | reject('equalto', 'headcount') | list -%}

with

census_rows as (

    select * from {{ ref('stg_census__rows') }}

),

with_duplicates as (

    select
        census_input,
        source_file,
        source_row,
        row_kind,
        census_year,
        urn,
        laestab,
        la_code,
        phase,
        headcount,
        {%- for column_name in group_columns %}
            {{ column_name }},
        {%- endfor %}
        case
            when row_kind = 'school'
                then count(*) over (partition by row_kind, census_year, urn)
        end as rows_with_same_school_year

    from census_rows

),

checked as (

    select
        census_input,
        source_file,
        source_row,
        row_kind,
        census_year,
        urn,
        laestab,
        la_code,
        coalesce(phase in (
            {{ sql_string_list(var('school_scope_phases')) }}
        ), false) as is_in_scope,
        rows_with_same_school_year > 1 as is_duplicate,
        left(laestab, 3) != la_code as is_la_code_mismatch,
        headcount = 0
        and greatest(
            {%- for column_name in group_columns %}
                coalesce({{ column_name }}, 0){{ ',' if not loop.last }}
            {%- endfor %}
        ) > 0 as is_headcount_zero_with_group,
        (
            false
            {%- for column_name in group_columns %}
                or coalesce({{ column_name }} > headcount, false)
            {%- endfor %}
            or coalesce(sen_statement + sen_support > headcount, false)
        ) as is_group_above_headcount,
        -- (FSM taking above FSM eligible is not checked: the DfE 2023 file has it
        -- in 184 secondary schools, by a few pupils, as the two are counted
        -- differently)
        coalesce(white_british + non_white_british > headcount, false)
            as is_subgroup_inconsistent,
        concat_ws(
            '; ',
            case
                when rows_with_same_school_year > 1
                    then
                        'URN ' || urn || ' has '
                        || cast(rows_with_same_school_year as varchar)
                        || ' rows for census year '
                        || cast(census_year as varchar)
            end,
            case
                when left(laestab, 3) != la_code
                    then
                        'la_code ' || la_code || ' but laestab ' || laestab
            end,
            {%- for column_name in group_columns %}
                case
                    when {{ column_name }} > headcount
                        then
                            '{{ column_name }} '
                            || {{ census_count_text(column_name) }}
                            || ' > headcount ' || {{ census_count_text('headcount') }}
                end,
            {%- endfor %}
            case
                when sen_statement + sen_support > headcount
                    then
                        'sen_statement + sen_support '
                        || {{ census_count_text('sen_statement + sen_support') }}
                        || ' > headcount ' || {{ census_count_text('headcount') }}
            end,
            case
                when white_british + non_white_british > headcount
                    then
                        'white_british + non_white_british '
                        || {{ census_count_text('white_british + non_white_british') }}
                        || ' > headcount ' || {{ census_count_text('headcount') }}
            end
        ) as problems

    from with_duplicates

),

with_reason as (

    select
        census_input,
        source_file,
        source_row,
        row_kind,
        census_year,
        urn,
        laestab,
        la_code,
        is_in_scope,
        problems,
        case
            when row_kind != 'school' then null
            when is_duplicate then 'duplicate census year and URN'
            when is_la_code_mismatch then 'LA code disagrees with LAESTAB'
            when is_headcount_zero_with_group
                then 'headcount 0 with a group count above 0'
            when is_group_above_headcount
                then 'group count larger than headcount'
            when is_subgroup_inconsistent
                then 'counts contradict each other'
        end as quarantine_reason

    from checked

),

final as (

    select
        census_input,
        source_file,
        source_row,
        row_kind,
        census_year,
        urn,
        laestab,
        la_code,
        is_in_scope,
        quarantine_reason,
        case
            when quarantine_reason is not null then nullif(problems, '')
        end as quarantine_detail,
        case
            when row_kind != 'school' then 'non_school'
            when quarantine_reason is not null then 'quarantined'
            when not is_in_scope then 'out_of_scope'
            else 'kept'
        end as row_outcome

    from with_reason

)

select * from final
