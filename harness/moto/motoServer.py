"""Start moto's server with three fixes to its Secrets Manager emulation.

Both concern a secret created without a value, the state `RotatedApiKey`
leaves (the key never passes through Pulumi), so the first rotation must be
testable:

1. moto 5.2's RotateSecret creates the valueless AWSPENDING version only when
   the secret already has a version; otherwise it fails with an internal error,
   where AWS creates the pending version and invokes the Lambda. The fix
   inserts the pending version the way AWS does, then runs moto's own code.
2. UpdateSecretVersionStage moving AWSCURRENT when no version holds it yet
   fails with an internal error (moto looks up the holder to report it); AWS
   attaches the label. The fix attaches it, and defers to moto otherwise.
3. ListSecretVersionIds reports every version's CreatedDate as "now"; AWS
   reports when the version was created, which reconciliation reads to find
   abandoned AWSPENDING versions and orphan ages. The fix reports the real time.

Usage: python3 motoServer.py <port>
"""

import json
import sys
import time
import uuid

from moto.secretsmanager.models import SecretsManagerBackend

_original_rotate = SecretsManagerBackend.rotate_secret


def _rotate_secret(self, secret_id, client_request_token=None, *args, **kwargs):
    if self._is_valid_identifier(secret_id):
        secret = self.secrets[secret_id]
        if not getattr(secret, "versions", None) and not secret.is_deleted():
            token = client_request_token or str(uuid.uuid4())
            secret.versions[token] = {
                "createdate": int(time.time()),
                "version_id": token,
                "version_stages": ["AWSPENDING"],
            }
            client_request_token = token
    return _original_rotate(self, secret_id, client_request_token, *args, **kwargs)


SecretsManagerBackend.rotate_secret = _rotate_secret

_original_update_stage = SecretsManagerBackend.update_secret_version_stage


def _update_secret_version_stage(self, secret_id, version_stage, remove_from_version_id, move_to_version_id):
    secret = self.secrets[secret_id] if secret_id in self.secrets else None
    if (
        secret is not None
        and version_stage == "AWSCURRENT"
        and not remove_from_version_id
        and move_to_version_id in secret.versions
        and not any("AWSCURRENT" in v["version_stages"] for v in secret.versions.values())
    ):
        secret.versions[move_to_version_id]["version_stages"].append("AWSCURRENT")
        secret.default_version_id = move_to_version_id
        return secret.arn, secret.name
    return _original_update_stage(self, secret_id, version_stage, remove_from_version_id, move_to_version_id)


SecretsManagerBackend.update_secret_version_stage = _update_secret_version_stage

_original_list_versions = SecretsManagerBackend.list_secret_version_ids


def _list_secret_version_ids(self, secret_id):
    response = json.loads(_original_list_versions(self, secret_id))
    versions = self.secrets[secret_id].versions
    for entry in response.get("Versions", []):
        created = versions.get(entry["VersionId"], {}).get("createdate")
        if created is not None:
            entry["CreatedDate"] = created
    return json.dumps(response)


SecretsManagerBackend.list_secret_version_ids = _list_secret_version_ids

if __name__ == "__main__":
    from moto.server import main

    main(["-H", "127.0.0.1", "-p", sys.argv[1]])
