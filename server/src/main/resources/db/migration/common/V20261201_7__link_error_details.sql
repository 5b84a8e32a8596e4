-- A failed link's error keeps Passage's own message apart from what the device or the page said
-- (bounded, control characters taken out): {code, message, reason, details}.
ALTER TABLE links ADD COLUMN error_details TEXT;
