-- Why and since when a member state's voting rights are suspended (the VotingRightsSuspended event's reason and
-- timestamp); both are null while the rights are active.
alter table member_state_view add column suspension_reason varchar(2000);
alter table member_state_view add column suspended_at timestamp with time zone;
