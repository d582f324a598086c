-- Inhibition (issue #4): an alert that an inhibit rule holds back is attached to the incident of the alert that
-- inhibits it (incident_id is that incident), with inhibited_by = that alert's id and the reason people see. Both
-- stay as history once the alert resolved; they are cleared when the alert leaves for an incident of its own.
alter table alerts
    add column inhibited_by    bigint,
    add column inhibit_reason  text;
