-- Descriptors and applications as the JSON text the file store writes, each with a version that
-- every write replaces by a higher one from a single sequence (so a version is never given twice,
-- not even to a record deleted and inserted again). Leases: one owner per name until expires_at.

CREATE SEQUENCE processdeploy_version;

CREATE TABLE processdeploy_descriptor (
  name    text   PRIMARY KEY,
  version bigint NOT NULL,
  body    text   NOT NULL
);

CREATE TABLE processdeploy_application (
  name    text   PRIMARY KEY,
  version bigint NOT NULL,
  body    text   NOT NULL
);

CREATE TABLE processdeploy_lease (
  name       text        PRIMARY KEY,
  owner      text        NOT NULL,
  expires_at timestamptz NOT NULL
);
