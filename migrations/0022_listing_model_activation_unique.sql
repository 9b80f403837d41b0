-- 0022: one model per activation number (issue 4). The model in force is
-- the one with the highest activation (0019); activate() numbers it
-- MAX(activation) + 1. Two activations at the same moment on PostgreSQL
-- (several nodes, READ COMMITTED) could both read the same maximum and
-- leave two models with one number, and then "the one activated last" was
-- whichever row a node read first. With this index the second of them
-- fails (409, the service says to retry) and changes nothing.
--
-- A database where that already happened keeps, for each shared number,
-- the row written last (highest id); the others lose their number
-- (activation 0, as never activated: the audit log still has their
-- listing_model.activate entries).
UPDATE listing_models SET activation = 0
 WHERE activation > 0
   AND EXISTS (SELECT 1 FROM listing_models later
                WHERE later.activation = listing_models.activation AND later.id > listing_models.id);
CREATE UNIQUE INDEX listing_models_one_per_activation ON listing_models(activation)
  WHERE activation > 0;
