"""The web API double's file uploads: authorization, the upload, registration.

web API file_upload ("Uploading a file": 1 get authorization, 2 POST the file, 3 register the
upload) as dataserver controllers/ItemsController.php _handleFileRequest and
model/Storage.inc.php (getUploadPOSTData, generateUploadPOSTParams) run it. The upload goes
to the double's own path, where S3's POST-object rules are played: the form's `key` names
the upload, `Content-MD5` must match the file (400 BadDigest), 201 on success.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs

from .zotero_common import STORED_LINK_MODES

MD5 = re.compile(r"^[a-f0-9]{32}$")


def _form(body: bytes) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}


def file_request(double, item_key: str, body: bytes, headers, query):
    """POST <library>/items/<key>/file: an upload authorization or a registration."""
    item = double.find(item_key)
    if item is None:
        return 404, "Not found", {}
    if item.get("itemType") != "attachment":
        return 400, "Item is not an attachment", {}
    if item.get("linkMode") not in STORED_LINK_MODES:
        return 400, "Cannot upload file for linked file/URL attachment item", {}
    if not headers.get("If-Match") and not headers.get("If-None-Match"):
        return 428, "If-Match/If-None-Match header not provided", {}
    if headers.get("If-Match"):
        if item.get("md5") != headers["If-Match"].strip('"'):
            return 412, "ETag does not match current version of file", {}
    elif headers["If-None-Match"] != "*":
        return 400, "Invalid value for If-None-Match header", {}
    elif item.get("md5"):
        return 412, "If-None-Match: * set but file exists", {}
    fields = {**query, **_form(body)}
    if "upload" in fields:
        return _register(double, item, fields["upload"])
    return _authorize(double, item, fields)


def _authorize(double, item: dict, fields: dict):
    for name, message in (("md5", "MD5 hash not provided"), ("filename", "Filename not provided"),
                          ("mtime", "File modification time not provided"),
                          ("filesize", "File size not provided")):  # fmt: skip
        if not fields.get(name):
            return 400, message, {}
    if not MD5.match(fields["md5"]):
        return 400, "Invalid MD5 hash", {}
    if not fields["filesize"].isdigit():
        return 400, "Invalid file size", {}
    size = int(fields["filesize"])
    with double.lock:
        used = sum(len(data) for data in double.files.values())
        if used + size > double.quota_bytes:
            mb = 1024 * 1024
            return 413, f"File would exceed quota ({(used + size) / mb:.1f} > "\
                f"{double.quota_bytes / mb:g})", {
                "Zotero-Storage-Usage": f"{used / mb:.1f}",
                "Zotero-Storage-Quota": f"{double.quota_bytes / mb:g}",
            }  # fmt: skip
        stored = double.files.get((fields["md5"], fields["filename"]))
        if stored is not None:  # the same file is already in storage: nothing to upload
            if len(stored) != size:
                return 400, "Specified file size incorrect for known file", {}
            _attach(double, item, fields)
            return 200, {"exists": 1}, {"Last-Modified-Version": item["version"]}
        upload_key = secrets.token_hex(16)
        double.uploads[upload_key] = {"item": item["key"], "info": fields, "data": None}
    url = f"{double.base_url}/s3-upload"
    content_md5 = base64.b64encode(bytes.fromhex(fields["md5"])).decode()
    params = {
        "key": upload_key,
        "acl": "private",
        "Content-MD5": content_md5,
        "success_action_status": "201",
        "policy": "double",
        "signature": "double",
    }
    if fields.get("params") == "1":
        return 200, {"url": url, "params": params, "uploadKey": upload_key}, {}
    boundary = "---------------------------" + secrets.token_hex(16)
    prefix = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in params.items()
        )
        + f'--{boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\n'
    )
    return (
        200,
        {
            "url": url,
            "contentType": f"multipart/form-data; boundary={boundary}",
            "prefix": prefix,
            "suffix": f"\r\n--{boundary}--",
            "uploadKey": upload_key,
        },
        {},
    )


def _register(double, item: dict, upload_key: str):
    with double.lock:
        upload = double.uploads.get(upload_key)
        if upload is None or upload["item"] != item["key"]:
            return 400, "Upload key not found", {}
        if upload["data"] is None:
            return 400, "Remote file not found", {}
        info = upload["info"]
        double.files[(info["md5"], info["filename"])] = upload["data"]
        _attach(double, item, info)
        del double.uploads[upload_key]
        return 204, None, {"Last-Modified-Version": item["version"]}


def _attach(double, item: dict, info: dict) -> None:
    """Storage.inc.php updateFileItemInfo: the item gets the file's md5/filename/mtime and a
    new version (the library version is bumped)."""
    double.version += 1
    item |= {"md5": info["md5"], "filename": info["filename"], "mtime": int(info["mtime"]),
             "version": double.version}  # fmt: skip


def s3_upload(double, body: bytes, headers):
    """S3's POST-object, as the upload step meets it: a multipart form, `file` last."""
    content_type = headers.get("Content-Type", "")
    if not content_type.startswith("multipart/form-data"):
        return 412, "<Error><Code>PreconditionFailed</Code></Error>", {}
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        fields[str(name)] = part.get_payload(decode=True) or b""
    data = fields.get("file")
    with double.lock:
        upload = double.uploads.get(fields.get("key", b"").decode())
        if upload is None or data is None:
            return 403, "<Error><Code>AccessDenied</Code></Error>", {}
        digest = base64.b64encode(hashlib.md5(data).digest()).decode()  # noqa: S324
        if fields.get("Content-MD5", b"").decode() != digest:
            return 400, "<Error><Code>BadDigest</Code></Error>", {}
        upload["data"] = data
    return 201, "<PostResponse></PostResponse>", {}
