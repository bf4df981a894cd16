{#
    One row per data row of every census input file: mapped from its layout to
    our column names and parsed strictly. Non-school rows (national totals) are
    kept here and marked, so that every raw row is accounted for.
#}
{%- set layouts = census_layouts() -%}
{%- set columns = census_columns() -%}

-- depends_on: {{ ref('census_layout_columns') }}

with

source as (

    select * from {{ source('census', 'school_census') }}

),

mapped as (

    select
        _census_input as census_input,
        _source_file as source_file,
        _layout as layout,
        _source_row as source_row,
        {%- for column in columns %}
            {{ census_mapped_text(column.name, layouts) }} as {{ column.name }}_text,
            {{ census_is_published(column.name, layouts) }}
                as {{ column.name }}_is_published,
            {{ census_allows_decimal(column.name, layouts) }}
                as {{ column.name }}_allows_decimal,
            {{ census_source_label(column.name, layouts) }}
                as {{ column.name }}_source_column,
        {%- endfor %}
        _declared_census_year as declared_census_year,
        _decimal_separator as decimal_separator

    from source

),

classified as (

    select
        *,
        upper(coalesce(urn_text, ''))
        in ({{ sql_string_list(census_total_row_urns()) }}) as is_total_urn,
        coalesce(urn_text, '') = ''
        and coalesce(la_code_text, '') = ''
        -- a row with a headcount is a school whose ids are missing (an error)
        and coalesce(headcount_text, '') = '' as is_footer_row

    from mapped

),

flagged as (

    select
        *,
        is_total_urn or is_footer_row as is_total_row

    from classified

),

parsed as (

    select
        census_input,
        source_file,
        layout,
        source_row,
        case
            when is_total_urn then 'total'
            when is_footer_row then 'footer'
            else 'school'
        end as row_kind,
        case
            when is_total_row then null
            when
                census_year_text is not null
                and not regexp_full_match(census_year_text, '[0-9]{4}')
                then error({{ census_value_error(
                    'census_year', 'is not a four-digit year') }})
            when
                census_year_text is not null
                and declared_census_year is not null
                and cast(census_year_text as integer) != declared_census_year
                then error({{ census_value_error(
                    'census_year',
                    'disagrees with the census_year declared for this file'
                ) }})
            when census_year_text is null and declared_census_year is null
                then error({{ census_value_error(
                    'census_year',
                    'is empty and the file declares no census_year'
                ) }})
            else coalesce(
                cast(census_year_text as integer), declared_census_year
            )
        end as census_year,
        case
            when is_total_row then null
            when regexp_full_match(urn_text, '[0-9]{1,8}')
                then cast(cast(urn_text as bigint) as varchar)
            else error({{ census_value_error(
                'urn', 'is not a URN (a whole number of up to 8 digits)') }})
        end as urn,
        case
            when is_total_row or laestab_text is null then null
            when regexp_full_match(laestab_text, '[0-9]{7}')
                then laestab_text
            else error({{ census_value_error(
                'laestab', 'is not a 7-digit LAESTAB') }})
        end as laestab,
        case
            when is_total_row then null
            when regexp_full_match(la_code_text, '[0-9]{1,3}')
                then lpad(la_code_text, 3, '0')
            else error({{ census_value_error(
                'la_code', 'is not a 3-digit DfE LA number') }})
        end as la_code,
        la_name_text as la_name,
        ons_la_code_text as ons_la_code,
        {%- for column_name in census_count_columns() %}
            case
                when is_total_row then null
                else {{ parse_census_count(column_name) }}
            end as {{ column_name }},
            {{ census_value_marker(column_name) }} as {{ column_name }}_marker,
        {%- endfor %}
        phase_text as phase

    from flagged

)

select * from parsed
