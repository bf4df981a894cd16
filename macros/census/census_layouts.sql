{#
    The census layouts, read from the seed census_layout_columns when SQL is
    compiled (the mapping decides which SQL is written), or from the CSV file
    of the same shape named by var('census_layout_seed_path') when set.

    Returns {layout: {column_name: {'source_column', 'source_expression',
    'allows_decimal', 'required_source_columns'}}}.
#}
{% macro census_layouts() %}
    {% if not execute %}
        {{ return({}) }}
    {% endif %}
    {% set layouts = {} %}
    {% set rows = seed_file_rows(
        'census_layout_columns',
        ['layout', 'column_name', 'source_column', 'source_expression', 'allows_decimal'],
        var('census_layout_seed_path', none)
    ).rows %}
    {% for row in rows %}
        {% set expression = row['source_expression'] %}
        {% if row['source_column'] %}
            {% set required = [row['source_column']] %}
            {% set expression = adapter.quote(row['source_column']) %}
        {% else %}
            {# the columns an expression reads are the quoted names in it #}
            {% set required = modules.re.findall('"([^"]+)"', expression) %}
        {% endif %}
        {% do layouts.setdefault(row['layout'], {}).update({row['column_name']: {
            'source_column': row['source_column'] or expression,
            'source_column_literal': (row['source_column'] or expression) | replace("'", "''"),
            'source_expression': expression,
            'allows_decimal': row['allows_decimal'] | lower == 'true',
            'required_source_columns': required,
        }}) %}
    {% endfor %}
    {{ return(layouts) }}
{% endmacro %}

{# The layouts named by var('census_inputs') (or another inputs var), in first-use order. #}
{% macro census_layouts_in_use(inputs_var='census_inputs') %}
    {% set names = [] %}
    {% for input in var(inputs_var, []) or [] %}
        {% if input['layout'] not in names %}
            {% do names.append(input['layout']) %}
        {% endif %}
    {% endfor %}
    {{ return(names) }}
{% endmacro %}

{#
    Raw text of one of our census columns, taken from each row's own layout:
    `case layout when 'a' then <a's column> ... end`. A layout that does not
    publish the column gives NULL.
#}
{% macro census_mapped_text(column_name, layouts) %}
    {{ census_case_by_layout(column_name, layouts,
        'trim(cast({} as varchar))', 'source_expression') }}
{% endmacro %}

{#
    `case _layout when '<layout>' then <template filled with the mapping's
    attribute> ... else null end` over the layouts in use that map the column.
#}
{% macro census_case_by_layout(column_name, layouts, template, attribute) %}
    {%- set branches = [] -%}
    {%- for layout in census_layouts_in_use() -%}
        {%- set mapping = layouts.get(layout, {}).get(column_name) -%}
        {%- if mapping -%}
            {%- do branches.append("when '" ~ layout ~ "' then " ~ template.format(mapping[attribute])) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if branches -%}
        case _layout {{ branches | join(' ') }} end
    {%- else -%}
        cast(null as varchar)
    {%- endif -%}
{% endmacro %}

{# Whether the row's layout publishes the column. #}
{% macro census_is_published(column_name, layouts) %}
    {{ census_layout_has(column_name, layouts, 'source_expression') }}
{% endmacro %}

{# Whether the row's layout allows decimals (FTE) in the column. #}
{% macro census_allows_decimal(column_name, layouts) %}
    {{ census_layout_has(column_name, layouts, 'allows_decimal') }}
{% endmacro %}

{#
    `_layout in (...)`: the layouts in use whose mapping of the column has a
    true `attribute`; `false` when there is none.
#}
{% macro census_layout_has(column_name, layouts, attribute) %}
    {%- set matching = [] -%}
    {%- for layout in census_layouts_in_use() -%}
        {%- if layouts.get(layout, {}).get(column_name, {}).get(attribute) -%}
            {%- do matching.append(layout) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if matching -%}
        _layout in ({{ sql_string_list(matching) }})
    {%- else -%}
        false
    {%- endif -%}
{% endmacro %}

{# The name of the source column (or expression) the row's layout maps. #}
{% macro census_source_label(column_name, layouts) %}
    {{ census_case_by_layout(column_name, layouts, "'{}'", 'source_column_literal') }}
{% endmacro %}
