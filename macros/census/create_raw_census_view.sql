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
    Files of different layouts are stacked with `union all by name`.
    Any problem stops the run with a message naming the input and file.
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
        {% set header = run_query("select * from " ~ reader ~ " limit 0").column_names | map('lower') | list %}
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
            ~ " as integer) as _declared_census_year, ordinality as _source_row, * exclude (ordinality) from "
            ~ reader ~ " with ordinality") %}
    {% endfor %}
    {% do run_query("create schema if not exists raw") %}
    {% do run_query("create or replace view raw.school_census as (" ~ selects | join(") union all by name (") ~ ")") %}
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
