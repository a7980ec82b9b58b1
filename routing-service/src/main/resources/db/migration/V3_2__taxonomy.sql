-- The category taxonomy, versioned like the routing rules: a complaint is classified under the newest version active
-- when intake recorded it. (Numbered 3.1 so that it sorts after, and does not collide with, a V3 of other work.)
create table taxonomy (
    version     integer      primary key,
    name        varchar(40)  not null,
    document    jsonb        not null,
    active_from timestamptz  not null,
    created_at  timestamptz  not null,
    created_by  varchar(100) not null,
    note        text
);
