{#
    Pupil-level census files aggregated to one row per school and census year:
    the counts a school-level file publishes (headcount, FSM eligible and
    taking, SEN statement/EHC plan and support, EAL, White British).

    Everything is set-wise, so that tens of millions of pupils take one pass
    and no pupil row is ever written out:
      - pupils are grouped by file, census year, URN, LA code and phase in
        their own types, counting each measure's codes (seed pupil_census_codes);
      - the characteristics' value combinations are grouped once, and each
        distinct value is checked against the seed's codes;
      - census year, URN and LA code are checked once per school group, and a
        school whose pupils disagree on LA code or phase shows up as a school
        split into several groups.
    Each group keeps its first pupil row, so the first problem found stops the
    build with a message naming file, row, column and value.
#}
{%- set layouts = census_layouts() -%}
{%- set pupil_codes = pupil_census_codes() -%}
{%- set characteristics = pupil_census_characteristics() -%}
{%- set measures = [
    'fsm_eligible', 'fsm_taken', 'sen_statement', 'sen_support', 'eal', 'white_british'
] -%}
{#- a pupil row's position: file within the input (Parquet glob), then data row #}
{%- set file_shift = 1099511627776 -%}

with

source as (

    select * from {{ source('census', 'pupil_census') }}

),

pupils as (

    select
        _census_input as census_input,
        coalesce(_file_index, 0) * {{ file_shift }} + _source_row as row_key,
        _declared_census_year as declared_census_year,
        {%- for column in ['census_year', 'urn', 'la_code', 'phase'] + characteristics %}
            {{ pupil_mapped_text(column, layouts, as_text=false) }} as {{ column }},
        {%- endfor %}
        _layout as layout

    from source

),

school_groups as materialized (

    select
        census_input,
        declared_census_year,
        census_year,
        urn,
        la_code,
        phase,
        count(*) as headcount,
        {%- for measure in measures %}
            count(*) filter (
                where
                {%- for column, codes in pupil_codes['measures'].get(measure, {}).items() %}
                    {{ 'or ' if not loop.first }}cast({{ column }} as varchar)
                    in ({{ sql_string_list(codes) }})
                {%- endfor %}
            ) as {{ measure }},
        {%- endfor %}
        min(row_key) as first_row_key

    from pupils

    group by census_input, declared_census_year, census_year, urn, la_code, phase

),

school_groups_as_text as (

    select
        census_input,
        declared_census_year,
        cast(census_year as varchar) as census_year_text,
        cast(urn as varchar) as urn_text,
        cast(la_code as varchar) as la_code_text,
        cast(phase as varchar) as phase_text,
        count(*) over (
            partition by census_input, census_year, urn
        ) as groups_of_school,
        headcount,
        {%- for measure in measures %}
            {{ measure }},
        {%- endfor %}
        first_row_key

    from school_groups

),

value_combinations as materialized (

    select
        census_input,
        {%- for column in characteristics %}
            {{ column }},
        {%- endfor %}
        min(row_key) as first_row_key

    from pupils

    group by census_input, {{ characteristics | join(', ') }}

),

value_problems as (

    {%- for column in characteristics %}

        select
            census_input,
            first_row_key,
            'column "{{ column }}": value '''
            || coalesce(cast({{ column }} as varchar), '')
            || ''' is not one of its codes in seeds/pupil_census_codes.csv'
                as problem
        from value_combinations
        where
            not coalesce(cast({{ column }} as varchar) in (
                {{ sql_string_list(pupil_codes['codes'].get(column, [])) }}
            ), false)
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

group_problems as (

    select
        census_input,
        first_row_key,
        case
            when
                not regexp_full_match(coalesce(census_year_text, ''), '[0-9]{4}')
                and (census_year_text is not null or declared_census_year is null)
                then
                    'column "census_year": value ''' || coalesce(census_year_text, '')
                    || ''' is not a four-digit year'
                    || case
                        when census_year_text is null
                            then ' and the file declares no census_year'
                        else ''
                    end
            when
                census_year_text is not null and declared_census_year is not null
                and cast(census_year_text as integer) != declared_census_year
                then
                    'column "census_year": value ''' || census_year_text
                    || ''' disagrees with the census_year declared for this file'
            when not regexp_full_match(coalesce(urn_text, ''), '[0-9]{1,8}')
                then
                    'column "urn": value ''' || coalesce(urn_text, '')
                    || ''' is not a URN (a whole number of up to 8 digits)'
            when not regexp_full_match(coalesce(la_code_text, ''), '[0-9]{1,3}')
                then
                    'column "la_code": value ''' || coalesce(la_code_text, '')
                    || ''' is not a 3-digit DfE LA number'
            when groups_of_school > 1
                then
                    'columns "la_code" and "phase": pupils of URN ' || urn_text
                    || ' in census year ' || coalesce(census_year_text, '')
                    || ' disagree on LA code or phase; this row has '''
                    || la_code_text || ''' and ''' || coalesce(phase_text, '') || ''''
        end as problem

    from school_groups_as_text

),

problems as (

    select
        census_input,
        first_row_key,
        problem
    from value_problems

    union all

    select
        census_input,
        first_row_key,
        problem
    from group_problems
    where problem is not null

),

first_problem as (

    select
        count(*) as problems,
        arg_min(census_input, (census_input, first_row_key)) as census_input,
        arg_min(first_row_key, (census_input, first_row_key)) as first_row_key,
        arg_min(problem, (census_input, first_row_key)) as problem

    from problems

),

first_problem_message as (

    select
        problems,
        'pupil census file '
        || coalesce({{ pupil_file_name(
            'census_input', 'first_row_key // ' ~ file_shift) }}, '?')
        || ', data row ' || cast(first_row_key % {{ file_shift }} as varchar)
        || ', ' || problem as message

    from first_problem

),

school_years as (

    select
        coalesce(try_cast(census_year_text as integer), declared_census_year)
            as census_year,
        cast(try_cast(urn_text as bigint) as varchar) as urn,
        lpad(la_code_text, 3, '0') as la_code,
        phase_text as phase,
        cast(sum(headcount) as double) as headcount,
        {%- for measure in measures %}
            cast(sum({{ measure }}) as double) as {{ measure }},
        {%- endfor %}
        string_agg(
            distinct {{ pupil_input_path('census_input') }}, ', '
        ) as source_file

    from school_groups_as_text

    group by census_year, urn, la_code, phase

),

final as (

    select
        school_years.census_year,
        school_years.urn,
        school_years.la_code,
        school_years.phase,
        school_years.headcount,
        {%- for measure in measures %}
            school_years.{{ measure }},
        {%- endfor %}
        school_years.source_file

    from school_years

    cross join first_problem_message

    where
        first_problem_message.problems = 0
        or error(first_problem_message.message) is not null

)

select * from final
