-- Text models as versioned data (complaint-text@N). Numbered 3.1 so that a V3 written in parallel orders before it.

-- Corrections get a number in the order they were kept, so a model can say which ones it learnt from ("up to 17").
alter table classification_correction add column seq bigserial;
create unique index classification_correction_seq on classification_correction (seq);

-- Every trained model, never changed once stored: its bytes, when, by whom and from what it was trained, and how
-- well it did under cross-validation against the model active at the time, on the same folds.
create table text_model (
    version              integer      primary key,
    name                 varchar(40)  not null,
    -- the classifier's own id (text-model@<time>-<hash of its inputs>): equal ids mean equal models
    model_id             varchar(100) not null,
    archive              bytea        not null,
    trained_at           timestamptz  not null,
    trained_by           varchar(100) not null,
    trigger              varchar(40)  not null,
    seed_rows            integer      not null,
    correction_rows      integer      not null,
    -- the newest correction (classification_correction.seq) it learnt from; null for none
    corrections_through  bigint,
    label_counts         jsonb        not null,
    cv_folds             integer,
    cv_accuracy          double precision,
    cv_accuracy_sd       double precision,
    cv_macro_f1          double precision,
    cv_macro_f1_sd       double precision,
    -- the model it was compared with, and that model's macro-F1 on the same folds
    baseline_version     integer,
    baseline_macro_f1    double precision,
    decision             text         not null
);

-- Which model is active: the newest row. Both instances read it, so they agree; a rollback is a new row.
create table text_model_activation (
    id                  bigserial    primary key,
    version             integer      not null references text_model (version),
    activated_at        timestamptz  not null,
    activated_by        varchar(100) not null,
    reason              text         not null,
    -- the activation this one replaced: where a rollback goes back to
    previous_activation bigint       references text_model_activation (id)
);
