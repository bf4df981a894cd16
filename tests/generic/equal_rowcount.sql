{% test equal_rowcount(model, compare_model) %}

with

model_rows as (

    select count(*) as row_count from {{ model }}

),

compare_rows as (

    select count(*) as row_count from {{ compare_model }}

),

validation_errors as (

    select
        model_rows.row_count as model_row_count,
        compare_rows.row_count as compare_row_count

    from model_rows

    cross join compare_rows

    where model_rows.row_count != compare_rows.row_count

)

select * from validation_errors

{% endtest %}
