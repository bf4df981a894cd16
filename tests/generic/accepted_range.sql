{% test accepted_range(model, column_name, min_value=none, max_value=none, tolerance=0) %}

with

validation_errors as (

    select {{ column_name }}

    from {{ model }}

    where
        {{ column_name }} is not null
        and (
            false
            {%- if min_value is not none %}
                or {{ column_name }} < {{ min_value }} - {{ tolerance }}
            {%- endif %}
            {%- if max_value is not none %}
                or {{ column_name }} > {{ max_value }} + {{ tolerance }}
            {%- endif %}
        )

)

select * from validation_errors

{% endtest %}
