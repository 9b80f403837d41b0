-- 0019: the listing classifier's models (issue 4: "a fastText model, trained
-- in-process from reviewers' decisions, re-scores candidates"). Each training
-- stores the whole model with what it was trained on and how it did on the
-- held-out fifth of its examples. The active model is the one activated
-- last (highest activation > 0); every node re-scores its next ingest batch
-- with it (service/listing_model_service.h). None active: the rules alone.
CREATE TABLE listing_models (
  id {{id}},
  version TEXT NOT NULL UNIQUE,         -- scan::model_version_of(the model's bytes): "ft-…"
  source TEXT NOT NULL,                 -- decisions | labels | decisions+labels
  examples BIGINT NOT NULL,             -- all examples (training + held out)
  training_examples BIGINT NOT NULL,
  holdout_examples BIGINT NOT NULL,
  examples_by_label TEXT NOT NULL,      -- JSON {"benign":n,"wildlife":n,"tool":n,"marketing":n}
  metrics TEXT NOT NULL,                -- JSON: held-out precision/recall/F1 per label, accuracy
  training_seconds DOUBLE PRECISION NOT NULL,
  model_size BIGINT NOT NULL,           -- bytes of the fastText model file
  model TEXT NOT NULL,                  -- the model file, base64
  activation BIGINT NOT NULL DEFAULT 0, -- 0 never activated; else 1, 2, 3 … in activation order
  activated_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX listing_models_activation ON listing_models(activation);
