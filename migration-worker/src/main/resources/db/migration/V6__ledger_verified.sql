-- Whether the message was read back from the destination and found byte-identical (true), found different
-- or missing (false), or not read back (null: verification COUNT, or no destination UID). Written with the
-- entry, in the transaction of the chunk that copied and read it back.
ALTER TABLE message_ledger ADD COLUMN verified BOOLEAN;
