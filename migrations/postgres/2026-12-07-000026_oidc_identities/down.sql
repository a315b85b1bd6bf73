DROP TABLE provider_sign_ins;
DROP TABLE identities;
