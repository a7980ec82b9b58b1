-- One database per service (the names in each service's spring.datasource.url). Runs once, on an empty data volume.
create database intake;
create database routing;
create database sla_timer;
create database feedback;
create database analytics;
