-- Issue 16: the read models built together are fed by one processor, read-models (ReadModels), instead of
-- consultations, ballots and member-states; the audit keeps its own processor, position and entries.
-- The three old processors each stood at a position of their own, and no read model can take an event twice, so
-- no single position fits the new one. It starts with none instead and replays every event into emptied tables,
-- once, as a rebuild would; the old positions and parked events go (a parked event is handled again with the
-- rest, and parked again if it still fails). Stop every query instance of the old version before the first starts
-- with this one: an old processor would otherwise project into the emptied tables beside the new one.
delete from silence_break;
delete from consultation_circulation;
delete from consultation_proposal;
delete from consultation_view;
delete from proposal_comment_version;
delete from proposal_comment;
delete from proposal_version;
delete from ballot_choice;
delete from ballot_view;
delete from tally_proposal;
delete from tally_round;
delete from tally_consultation;
delete from member_state_view;
delete from accreditation;
delete from accreditation_withdrawn;
delete from token_entry where processor_name in ('consultations', 'ballots', 'member-states');
delete from dead_letter_entry where processing_group in ('consultations', 'ballots', 'member-states');
