// EvidenceService: evidence files (photos, documents, audio, video) with the
// row-level rule applied. A file belongs to its uploader's department (the
// office may upload on behalf of another department) and may be shared with
// participating departments; a file the actor may not see answers
// kNotFound, exactly like one that does not exist.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/evidence_repository.h"

namespace qf::service {

struct EvidenceUpload {
  std::string source_path;  // temp file holding the uploaded bytes
  std::string original_name;
  std::string description;
  std::optional<std::string> owner_department_code;  // office only
};

struct EvidenceView {
  store::EvidenceFile file;
  std::vector<std::int64_t> shared_with;
};

class EvidenceService {
 public:
  explicit EvidenceService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<EvidenceView> upload(const CallContext& call, const EvidenceUpload& upload);
  Result<EvidenceView> get(const CallContext& call, std::int64_t id);
  // The verified on-disk path of the content, for streaming to the client.
  Result<std::pair<EvidenceView, std::string>> content(const CallContext& call, std::int64_t id);
  Result<EvidenceView> share(const CallContext& call, std::int64_t id,
                             const std::string& department_code);
  Result<Page<EvidenceView>> list(const CallContext& call, int limit, int offset);

 private:
  Result<EvidenceView> load_visible(soci::session& s, const CallContext& call, std::int64_t id);
  ServiceContext& ctx_;
};

}  // namespace qf::service
