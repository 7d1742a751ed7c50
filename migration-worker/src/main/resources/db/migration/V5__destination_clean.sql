-- Whether discovery found nothing at or above the folder's destination watermark: then a partition of the
-- same job execution has no orphan to look for before its first APPEND (ADR 7).
ALTER TABLE pass_folder ADD COLUMN destination_clean BOOLEAN NOT NULL DEFAULT FALSE;
