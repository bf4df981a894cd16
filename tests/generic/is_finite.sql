{% test is_finite(model, column_name) %}

with

validation_errors as (

    select {{ column_name }}

    from {{ model }}

    where isnan({{ column_name }}) or isinf({{ column_name }})

)

select * from validation_errors

{% endtest %}
