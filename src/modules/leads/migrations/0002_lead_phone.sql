create index lead_phone on lead (workspace_id, phone);
