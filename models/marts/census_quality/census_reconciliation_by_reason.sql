{#
    Every data row of every census input file counted by outcome and reason:
    one row per file, outcome and reason.
#}

with

row_checks as (

    select * from {{ ref('int_census__row_checks') }}

),

with_reason as (

    select
        census_input,
        source_file,
        row_outcome,
        case row_outcome
            when 'kept' then 'in scope'
            when 'out_of_scope' then 'phase not in school_scope_phases'
            when 'non_school' then row_kind || ' row'
            else quarantine_reason
        end as reason

    from row_checks

),

final as (

    select
        census_input,
        source_file,
        row_outcome,
        reason,
        count(*) as row_count

    from with_reason

    group by census_input, source_file, row_outcome, reason

)

select * from final
