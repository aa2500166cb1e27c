-- CONTRACT §5's limits count characters (code points). PostgreSQL's varchar(n) counts them too, but H2's counts
-- UTF-16 units, so 200 characters outside the Basic Multilingual Plane (emoji, rarer CJK) need 400: every column
-- that holds a client's text is twice its limit wide.
alter table consultation_view alter column title set data type varchar(400);
alter table consultation_view alter column question set data type varchar(10000);
alter table consultation_view alter column description set data type varchar(10000);
alter table consultation_view alter column decision_rationale set data type varchar(4000);
alter table consultation_view alter column cancellation_reason set data type varchar(4000);
alter table consultation_proposal alter column title set data type varchar(400);
alter table consultation_proposal alter column summary set data type varchar(10000);
alter table consultation_proposal alter column withdrawal_reason set data type varchar(4000);
alter table proposal_version alter column title set data type varchar(400);
alter table proposal_version alter column summary set data type varchar(10000);
alter table proposal_comment alter column text set data type varchar(10000);
alter table proposal_comment alter column hidden_reason set data type varchar(4000);
alter table proposal_comment_version alter column text set data type varchar(10000);
alter table member_state_view alter column name set data type varchar(400);
alter table member_state_view alter column suspension_reason set data type varchar(4000);
alter table tally_proposal alter column title set data type varchar(400);
