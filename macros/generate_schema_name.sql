{#
    Custom schemas are used as given (`reference`, `raw`), not prefixed with the
    target schema, so ad-hoc queries read `reference.local_authorities`.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
