{#
    Strict parsing of a census count held as text in `<column>_text`, with
    `<column>_is_published`, `<column>_allows_decimal` and
    `<column>_source_column` beside it (see stg_census__rows).
    DfE markers and empty cells give NULL; a whole number of at most seven
    digits (or a decimal where
    the layout allows it, written with the input's declared decimal_separator,
    '.' by default) gives a double; anything else stops the build with
    an error naming file, row and column.
#}
{% macro parse_census_count(column_name) %}
    case
        when not {{ column_name }}_is_published then null
        when
            {{ column_name }}_text is null
            or {{ column_name }}_text in ({{ sql_string_list(dfe_value_markers()) }})
            then null
        when regexp_full_match({{ column_name }}_text, '[0-9]{1,7}')
            then cast({{ column_name }}_text as double)
        when
            {{ column_name }}_allows_decimal
            and decimal_separator = '.'
            and regexp_full_match({{ column_name }}_text, '[0-9]{0,7}\.[0-9]+')
            then cast({{ column_name }}_text as double)
        when
            {{ column_name }}_allows_decimal
            and decimal_separator = ','
            and regexp_full_match({{ column_name }}_text, '[0-9]{0,7},[0-9]+')
            then cast(replace({{ column_name }}_text, ',', '.') as double)
        else error({{ census_value_error(
            column_name,
            "is not a whole number of at most 7 digits (no school has 10 million pupils)"
            ~ " or a DfE marker (z, x, c, .., :, NA, empty)"
        ) }})
    end
{% endmacro %}

{# The marker that stood in a count cell: NULL when a number was read. #}
{% macro census_value_marker(column_name) %}
    case
        when not {{ column_name }}_is_published then 'not published'
        when {{ column_name }}_text is null then ''
        when {{ column_name }}_text in ({{ sql_string_list(dfe_value_markers()) }})
            then {{ column_name }}_text
    end
{% endmacro %}

{#
    SQL text of an error message naming the input file, the data row (and its
    line in the file, the header being line 1), the source column and the value.
#}
{% macro census_value_error(column_name, problem) %}
    'census file ' || source_file
    || ', data row ' || cast(source_row as varchar)
    || ' (line ' || cast(source_row + 1 as varchar) || ')'
    || ', column "' || coalesce({{ column_name }}_source_column, '{{ column_name }}') || '"'
    || ' ({{ column_name }}): value '''
    || coalesce({{ column_name }}_text, '')
    || ''' {{ problem | replace("'", "''") }}'
{% endmacro %}

{# A Jinja list of strings as a SQL list of literals. #}
{% macro sql_string_list(values) -%}
    {%- for value in values -%}
        '{{ value | replace("'", "''") }}'{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{# A parsed count as text for messages: 120 rather than 120.0. #}
{% macro census_count_text(expression) -%}
    regexp_replace(cast({{ expression }} as varchar), '\.0$', '')
{%- endmacro %}
