{#
    Runs before any model (on-run-start). Checks every entry of
    var('census_inputs') and creates the view behind source('census',
    'school_census'): every data row of every input file, every published
    column as text, under its published name, plus
        _census_input          position of the file in census_inputs (1-based)
        _source_file           the path as given
        _layout                the declared layout
        _declared_census_year  the declared census year (NULL if not given)
        _source_row            data row number in the file (line = row + 1)
        _decimal_separator     the declared decimal separator ('.' unless given)
    Files of different layouts are stacked with `union all by name`.
    It also creates the view raw.census_files (source census.census_files):
    one row per input with the file's own line counts, read by a second,
    independent reader (every line as one text value), so that the
    reconciliation can check that every line of every file is accounted for.
    Any problem stops the run with a message naming the input and file:
    unknown layout, bad census_year, file not found, an encoding DuckDB cannot
    decode (windows-1252), an empty file, a header without data rows, a file
    read as a single column (wrong delimiter or a short footer line), a mapped
    column missing from the header.
#}
{% macro create_raw_census_view() %}
    {% if not execute %}
        {{ return('') }}
    {% endif %}
    {% set inputs = var('census_inputs') %}
    {% set layouts = census_layouts() %}
    {% if inputs is string or inputs is mapping or inputs | length == 0 %}
        {{ exceptions.raise_compiler_error(
            "var census_inputs must be a non-empty list of mappings with keys path, layout and census_year") }}
    {% endif %}
    {% set selects = [] %}
    {% set files = [] %}
    {% for input in inputs %}
        {% set label = "census_inputs[" ~ loop.index ~ "]" %}
        {% if input is not mapping or not input.get('path') or not input.get('layout') %}
            {{ exceptions.raise_compiler_error(label ~ " needs at least the keys path and layout, got: " ~ input) }}
        {% endif %}
        {% set path = input['path'] %}
        {% set layout = input['layout'] %}
        {% if layout not in layouts %}
            {{ exceptions.raise_compiler_error(
                label ~ " (" ~ path ~ "): unknown layout '" ~ layout ~ "'; known layouts: "
                ~ (layouts.keys() | sort | join(', ')) ~ " (seeds/census_layout_columns.csv)") }}
        {% endif %}
        {% set declared_year = input.get('census_year') %}
        {% if declared_year is not none and not modules.re.match('^[0-9]{4}$', declared_year | string | trim) %}
            {{ exceptions.raise_compiler_error(
                label ~ " (" ~ path ~ "): census_year must be a four-digit year, got '" ~ declared_year ~ "'") }}
        {% endif %}
        {% if declared_year is none and 'census_year' not in layouts[layout] %}
            {{ exceptions.raise_compiler_error(
                label ~ " (" ~ path ~ "): layout '" ~ layout ~ "' has no census_year column, so the input must declare census_year") }}
        {% endif %}
        {% set reader = census_file_reader(input) %}
        {% set found = run_query("select count(*) as n from glob('" ~ path ~ "')").rows[0]['n'] %}
        {% if found == 0 %}
            {{ exceptions.raise_compiler_error(label ~ ": census file not found: " ~ path) }}
        {% endif %}
        {% set encoding = (input.get('encoding') or 'utf-8') | string | lower %}
        {% if encoding not in ['utf-8', 'latin-1', 'utf-16'] %}
            {{ exceptions.raise_compiler_error(
                "census file " ~ path ~ ": encoding '" ~ input['encoding'] ~ "' cannot be read "
                ~ "(DuckDB reads only utf-8, utf-16 and latin-1 offline); transcode the file to UTF-8 "
                ~ "first, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv") }}
        {% endif %}
        {# logged before each read, so that a decoding error from DuckDB (which
           names only the line) follows the name of the file it is about #}
        {{ log("census input " ~ loop.index ~ ": reading census file " ~ path
            ~ " (layout " ~ layout ~ ", encoding " ~ encoding ~ ")", info=True) }}
        {% set lines = run_query(
            "select count(*) as line_count,"
            ~ " count(*) filter (where line is null or trim(line) = '') as blank_line_count"
            ~ " from " ~ census_line_reader(input)).rows[0] %}
        {% if lines['line_count'] - lines['blank_line_count'] == 0 %}
            {{ exceptions.raise_compiler_error(
                "census file " ~ path ~ " is empty (no header, no data rows)") }}
        {% endif %}
        {% if lines['line_count'] - lines['blank_line_count'] <= 1 %}
            {{ exceptions.raise_compiler_error(
                "census file " ~ path ~ " has a header but no data rows") }}
        {% endif %}
        {% set header = run_query("select * from " ~ reader ~ " limit 0").column_names | map('lower') | list %}
        {% if header | length == 1 and modules.re.search('[,;|\t]', header[0]) %}
            {{ exceptions.raise_compiler_error(
                "census file " ~ path ~ " was read as a single column ('" ~ header[0][:60]
                ~ "...'): declare its delimiter (e.g. delimiter: ';' in census_inputs), or remove "
                ~ "a short line such as a footer note that breaks the CSV shape") }}
        {% endif %}
        {% for column_name, mapping in layouts[layout].items() %}
            {% for source_column in mapping.required_source_columns %}
                {% if source_column | lower not in header %}
                    {{ exceptions.raise_compiler_error(
                        "census file " ~ path ~ " (layout " ~ layout ~ "): column '" ~ source_column
                        ~ "' (mapped to " ~ column_name ~ ") is missing from the file's header") }}
                {% endif %}
            {% endfor %}
        {% endfor %}
        {% do selects.append(
            "select " ~ loop.index ~ " as _census_input, '" ~ path ~ "' as _source_file, '"
            ~ layout ~ "' as _layout, cast(" ~ (declared_year if declared_year is not none else 'null')
            ~ " as integer) as _declared_census_year, '" ~ (input.get('decimal_separator') or '.')
            ~ "' as _decimal_separator, ordinality as _source_row, * exclude (ordinality) from "
            ~ reader ~ " with ordinality") %}
        {% do files.append(
            "select " ~ loop.index ~ " as census_input, '" ~ path ~ "' as source_file, '"
            ~ layout ~ "' as layout, cast(" ~ lines['line_count'] ~ " as bigint) as line_count, cast("
            ~ lines['blank_line_count'] ~ " as bigint) as blank_line_count") %}
    {% endfor %}
    {% do run_query("create schema if not exists raw") %}
    {% do run_query("create or replace view raw.school_census as (" ~ selects | join(") union all by name (") ~ ")") %}
    {% do run_query("create or replace view raw.census_files as (" ~ files | join(") union all (") ~ ")") %}
    {{ return('') }}
{% endmacro %}

{#
    The DuckDB table function that reads one input file with every value as
    text. CSV (optionally .gz) by default; optional input keys `delimiter`,
    `encoding` and `decimal_separator` pass through to read_csv.
#}
{% macro census_file_reader(input) %}
    {%- set options = ["header = true", "all_varchar = true"] -%}
    {%- if input.get('delimiter') -%}
        {%- do options.append("delim = '" ~ input['delimiter'] ~ "'") -%}
    {%- endif -%}
    {%- if input.get('encoding') -%}
        {%- do options.append("encoding = '" ~ input['encoding'] ~ "'") -%}
    {%- endif -%}
    {%- if input.get('decimal_separator') -%}
        {%- do options.append("decimal_separator = '" ~ input['decimal_separator'] ~ "'") -%}
    {%- endif -%}
    read_csv('{{ input['path'] }}', {{ options | join(', ') }})
{%- endmacro %}

{#
    A second, independent reader of one input file for the reconciliation:
    every line (header included) as a single text value, no quoting, no
    sniffing. Blank lines come through as NULL. (A quoted value spanning
    several lines would count as several lines; DfE files have none.)
#}
{% macro census_line_reader(input) %}
    {%- set options = ["header = false", "all_varchar = true", "columns = {'line': 'varchar'}",
        "delim = '\\x1f'", "quote = ''", "escape = ''", "auto_detect = false"] -%}
    {%- if input.get('encoding') -%}
        {%- do options.append("encoding = '" ~ input['encoding'] ~ "'") -%}
    {%- endif -%}
    read_csv('{{ input['path'] }}', {{ options | join(', ') }})
{%- endmacro %}
