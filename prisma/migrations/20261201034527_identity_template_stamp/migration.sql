-- CreateTable
CREATE TABLE "IdentityTemplateStamp" (
    "organizationId" TEXT NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "IdentityTemplateStamp_pkey" PRIMARY KEY ("organizationId")
);


-- The stamp follows every change of IdentityTemplate in the changing statement's own transaction
-- (statement triggers with transition tables: one stamp update per statement and organization).
CREATE FUNCTION identity_template_stamp_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "IdentityTemplateStamp" AS s ("organizationId", n, version)
  SELECT "organizationId", count(*)::int, 1 FROM new_rows GROUP BY "organizationId"
  ON CONFLICT ("organizationId") DO UPDATE SET n = s.n + EXCLUDED.n, version = s.version + 1;
  RETURN NULL;
END $$;

CREATE FUNCTION identity_template_stamp_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "IdentityTemplateStamp" AS s ("organizationId", n, version)
  SELECT "organizationId", -count(*)::int, 1 FROM old_rows GROUP BY "organizationId"
  ON CONFLICT ("organizationId") DO UPDATE SET n = s.n + EXCLUDED.n, version = s.version + 1;
  RETURN NULL;
END $$;

CREATE FUNCTION identity_template_stamp_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "IdentityTemplateStamp" AS s ("organizationId", n, version)
  SELECT org, sum(d)::int, 1
  FROM (
    SELECT "organizationId" AS org, 1 AS d FROM new_rows
    UNION ALL
    SELECT "organizationId", -1 FROM old_rows
  ) changes
  GROUP BY org
  ON CONFLICT ("organizationId") DO UPDATE SET n = s.n + EXCLUDED.n, version = s.version + 1;
  RETURN NULL;
END $$;

CREATE FUNCTION identity_template_stamp_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "IdentityTemplateStamp" SET n = 0, version = version + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER identity_template_stamp_insert AFTER INSERT ON "IdentityTemplate"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION identity_template_stamp_insert();
CREATE TRIGGER identity_template_stamp_delete AFTER DELETE ON "IdentityTemplate"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION identity_template_stamp_delete();
CREATE TRIGGER identity_template_stamp_update AFTER UPDATE ON "IdentityTemplate"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION identity_template_stamp_update();
CREATE TRIGGER identity_template_stamp_truncate AFTER TRUNCATE ON "IdentityTemplate"
  FOR EACH STATEMENT EXECUTE FUNCTION identity_template_stamp_truncate();

-- Organizations that already have templates.
INSERT INTO "IdentityTemplateStamp" ("organizationId", n, version)
SELECT "organizationId", count(*)::int, 1 FROM "IdentityTemplate" GROUP BY "organizationId";
