{% test expression_is_true(model, expression) %}

with

validation_errors as (

    select *

    from {{ model }}

    where not coalesce({{ expression }}, false)

)

select * from validation_errors

{% endtest %}
