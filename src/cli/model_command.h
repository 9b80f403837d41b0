// `qingfeng model`: the online-listing scanner's fastText re-scorer
// (scan/listing_classifier.h, service/listing_model_service.h).
//   model train --out FILE [--labels FILE.jsonl] [--decisions] [--min-decisions N]
//               [--activate] [--db URL]
//       trains from the reviewers' decisions in the database (confirmed:
//       the verdict's category, dismissed: benign) and/or a labelled file in
//       the scan-eval format; with --labels alone no database is opened.
//       Prints the example counts and the held-out 20 %'s precision, recall
//       and F1 per label, writes the model to FILE; --activate also stores it
//       in the database and puts it in force on every node.
//   model list [--db URL]   the stored models, their measures, the one in force
//   model activate VERSION [--db URL]    put a stored model in force
//   model deactivate [VERSION] [--db URL]
//       withdraw the model in force (or, named, only if it is the one in
//       force): every node scans with the rules alone from its next batch.
//       Nothing in force: says so, exit 1.
// Training, activation and deactivation act as the local console operator,
// audited.
//
// Also the helpers `qingfeng scan --model FILE` and `scan-eval --model FILE`
// use (cli/scan_command.cpp).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cli/config.h"
#include "core/result.h"
#include "scan/listing_classifier.h"

namespace CLI {
class App;
}

namespace qf::cli {

void add_model_command(CLI::App& app, int& exit_code, std::function<bool()> load, Config& config);

// A model file written by `model train --out`, checked (scan::ListingClassifier::load).
Result<std::shared_ptr<const scan::ListingClassifier>> load_model_file(const std::string& path);

// ,"model":{"label","p","version"} to append inside a verdict line.
std::string model_json_member(const scan::ModelOpinion& opinion);

}  // namespace qf::cli
