{#
    The rows of a seed, read from its CSV file when SQL is compiled (for
    seeds whose content decides which SQL is written: layouts, the variable
    catalogue). Reading the file rather than the seed table means compiling
    never depends on the warehouse having been built. `path` reads another
    file of the same shape instead. Returns an agate table; every value is text.
#}
{% macro seed_file_rows(seed_name, columns, path=none) %}
    {% if path is none %}
        {% set node = graph.nodes.get('seed.' ~ project_name ~ '.' ~ seed_name) %}
        {% if node is none %}
            {{ exceptions.raise_compiler_error("no seed named " ~ seed_name) }}
        {% endif %}
        {% set path = node.original_file_path %}
    {% endif %}
    {% set query %}
        select {{ columns | join(', ') }}
        from read_csv('{{ path }}', header = true, all_varchar = true)
    {% endset %}
    {{ return(run_query(query)) }}
{% endmacro %}
