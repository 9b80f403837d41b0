#include "support/service_fixture.h"

#include <gtest/gtest.h>

#include "service/audit_writer.h"
#include "service/auth_service.h"
#include "service/directory_service.h"
#include "service/field_cipher.h"
#include "service/organisation_seeder.h"
#include "service/species_catalog_service.h"
#include "store/department_repository.h"

namespace qf::testing {

ServiceFixture::ServiceFixture() {
  auto blobs = store::BlobStore::open(t_.dir() + "/evidence");
  if (!blobs) {
    ADD_FAILURE() << blobs.error().message;
    std::abort();
  }
  blobs_.emplace(std::move(*blobs));
  service::SecuritySettings security;
  // Real argon2id, minimal cost: the algorithm is exercised, the tests stay fast.
  security.password_cost = {1, 8u << 10};
  security.data_key = service::FieldCipher::generate_key();
  service::EvidenceSettings evidence;
  evidence.dir = t_.dir() + "/evidence";
  evidence.max_file_bytes = 1 << 20;
  ctx_ = std::make_unique<service::ServiceContext>(service::ServiceContext{t_.db(), *blobs_, security, evidence});
  auto seeded = service::OrganisationSeeder(*ctx_).seed(service::cli_call_context());
  if (!seeded) {
    ADD_FAILURE() << seeded.error().message;
    std::abort();
  }
}

void ServiceFixture::load_species_catalog() {
  auto loaded = service::SpeciesCatalogService(*ctx_).sync_shipped(service::cli_call_context());
  ASSERT_TRUE(loaded) << loaded.error().message;
}

store::User ServiceFixture::make_user(const std::string& name, Role role, const std::string& department) {
  auto u = service::DirectoryService(*ctx_).create_user(service::cli_call_context(),
                                                        {name, name, role, department, kPassword});
  if (!u) {
    ADD_FAILURE() << "cannot create " << name << ": " << u.error().message;
    std::abort();
  }
  return *u;
}

service::CallContext ServiceFixture::as(const store::User& u) const {
  return service::CallContext{service::actor_for(u), "test-request", "127.0.0.1"};
}

std::int64_t ServiceFixture::department_id(const std::string& code) {
  auto d = t_.db().read([&](soci::session& s) { return store::DepartmentRepository::find_by_code(s, code); });
  if (!d || !*d) {
    ADD_FAILURE() << "no department " << code;
    return 0;
  }
  return (*d)->id;
}

}  // namespace qf::testing
