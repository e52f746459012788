#!/usr/bin/env python3
"""Image tarballs without a container engine, for bin/build-base-image and bin/build-images.

  wrap     turn a root filesystem tarball into a one-layer image tarball that is both an OCI image layout
           and a `docker save` archive (Jib's tar:// base reads the latter, skopeo/crane the former)
  inspect  check an image Jib built (user, base layers, entrypoint, port, labels, tags) and print its facts
  unpack   extract an image's layers, in order, into a directory (to run it with chroot)
  add-docker-manifest
           add `docker save`'s manifest.json to an OCI layout tarball (Jib writes none), so that `docker load`
           of any version takes it too; the image and its digest are unchanged

Standard library only: the machines have python3 but not necessarily skopeo or umoci.
"""
import argparse
import datetime
import gzip
import hashlib
import io
import json
import os
import re
import sys
import tarfile
import tempfile

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"


class ImageError(Exception):
    pass


def canonical_json(value):
    # sorted keys, no spaces: the same content always gives the same digest
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_properties(path):
    props = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                props[key.strip()] = value.strip()
    return props


# ---------------------------------------------------------------------------------------------------- wrap

def wrap(args):
    epoch = int(args.epoch)
    created = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(args.out))) as tmp:
        # gzip with no file name and a fixed time: the same rootfs gives the same layer digest
        layer_path = os.path.join(tmp, "layer.tar.gz")
        diff = hashlib.sha256()
        with open(args.rootfs, "rb") as src, open(layer_path, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    diff.update(chunk)
                    gz.write(chunk)
        layer_digest = sha256_file(layer_path)
        layer_size = os.path.getsize(layer_path)

        labels = dict(kv.split("=", 1) for kv in args.label)
        config = {
            "architecture": "amd64",
            "os": "linux",
            "created": created,
            "config": {
                "Env": list(args.env),
                "User": args.user,
                "WorkingDir": args.workdir,
                "Labels": labels,
                "Cmd": list(args.cmd),
            },
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff.hexdigest()]},
            "history": [{"created": created, "created_by": args.created_by}],
        }
        config_bytes = canonical_json(config)
        config_digest = hashlib.sha256(config_bytes).hexdigest()
        manifest = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": "sha256:" + config_digest, "size": len(config_bytes)},
            "layers": [{"mediaType": OCI_LAYER_GZIP, "digest": "sha256:" + layer_digest, "size": layer_size}],
        }
        manifest_bytes = canonical_json(manifest)
        manifest_digest = hashlib.sha256(manifest_bytes).hexdigest()
        reference = f"{args.name}:{args.tag}"
        index = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [{
                "mediaType": OCI_MANIFEST, "digest": "sha256:" + manifest_digest, "size": len(manifest_bytes),
                "annotations": {"org.opencontainers.image.ref.name": args.tag, "io.containerd.image.name": reference},
            }],
        }
        # `docker save` layout (what Jib's tar:// reads), pointing into the same blobs
        docker_manifest = [{
            "Config": "blobs/sha256/" + config_digest,
            "RepoTags": [reference],
            "Layers": ["blobs/sha256/" + layer_digest],
        }]

        out_tmp = os.path.join(tmp, "image.tar")
        with tarfile.open(out_tmp, "w", format=tarfile.PAX_FORMAT) as out:
            def add_bytes(name, data):
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(data), epoch, 0o644
                out.addfile(info, io.BytesIO(data))

            for directory in ("blobs", "blobs/sha256"):
                info = tarfile.TarInfo(directory)
                info.type, info.mtime, info.mode = tarfile.DIRTYPE, epoch, 0o755
                out.addfile(info)
            add_bytes("oci-layout", canonical_json({"imageLayoutVersion": "1.0.0"}))
            add_bytes("index.json", canonical_json(index))
            add_bytes("manifest.json", canonical_json(docker_manifest))
            add_bytes("blobs/sha256/" + config_digest, config_bytes)
            add_bytes("blobs/sha256/" + manifest_digest, manifest_bytes)
            info = tarfile.TarInfo("blobs/sha256/" + layer_digest)
            info.size, info.mtime, info.mode = layer_size, epoch, 0o644
            with open(layer_path, "rb") as f:
                out.addfile(info, f)
        os.replace(out_tmp, args.out)

    facts = {
        "name": args.name,
        "tag": args.tag,
        "digest": "sha256:" + manifest_digest,
        "config.digest": "sha256:" + config_digest,
        "layer.digest": "sha256:" + layer_digest,
        "layer.diff-id": "sha256:" + diff.hexdigest(),
        "layer.size": str(layer_size),
        "tarball.sha256": sha256_file(args.out),
        "created": created,
    }
    with open(args.properties, "w") as f:
        f.write("# written by bin/build-base-image; bin/build-images pins the services' base to these digests\n")
        for key, value in list(facts.items()) + [tuple(kv.split("=", 1)) for kv in args.fact]:
            f.write(f"{key}={value}\n")
    print(f"{reference}@sha256:{manifest_digest}  layer {layer_size / 1e6:.1f} MB (gzip), "
          f"config sha256:{config_digest[:12]}")


# ---------------------------------------------------------------------------------------------------- read

class ImageTar:
    """An image tarball: an OCI layout (index.json) or a `docker save` archive (manifest.json)."""

    def __init__(self, path):
        self.path = path
        self.tar = tarfile.open(path)
        self.names = set(self.tar.getnames())
        if "index.json" in self.names:
            index = self._json("index.json")
            manifests = index.get("manifests", [])
            if len(manifests) != 1:
                raise ImageError(f"{path}: index.json lists {len(manifests)} manifests, expected 1")
            self.manifest_digest = manifests[0]["digest"]
            self.refs = [m.get("annotations", {}).get("org.opencontainers.image.ref.name", "") for m in manifests]
            self.manifest = self._json(self._blob(self.manifest_digest))
            self.config_digest = self.manifest["config"]["digest"]
            self.config = self._json(self._blob(self.config_digest))
            self.layers = [(l["digest"], l["size"], self._blob(l["digest"])) for l in self.manifest["layers"]]
            self.format = "OCI" if self.manifest.get("mediaType", OCI_MANIFEST) == OCI_MANIFEST else "Docker"
        elif "manifest.json" in self.names:
            entry = self._json("manifest.json")[0]
            self.refs = entry.get("RepoTags") or []
            self.config = self._json(entry["Config"])
            self.config_digest = "sha256:" + hashlib.sha256(self._bytes(entry["Config"])).hexdigest()
            self.layers = []
            for name in entry["Layers"]:
                member = self.tar.getmember(name)
                digest = "sha256:" + hashlib.sha256(self.tar.extractfile(member).read()).hexdigest()
                self.layers.append((digest, member.size, name))
            self.manifest_digest = None
            self.format = "Docker"
        else:
            raise ImageError(f"{path}: neither index.json nor manifest.json: not an image tarball")

    def _blob(self, digest):
        name = "blobs/sha256/" + digest.split(":", 1)[1]
        if name not in self.names:
            raise ImageError(f"{self.path}: blob {digest} is missing")
        return name

    def _bytes(self, name):
        return self.tar.extractfile(self.tar.getmember(name)).read()

    def _json(self, name):
        return json.loads(self._bytes(name))

    def layer_members(self, index):
        """The entries of one layer, as tarfile members (with the layer's tarfile to read them)."""
        stream = self.tar.extractfile(self.tar.getmember(self.layers[index][2]))
        return tarfile.open(fileobj=stream, mode="r|*")


def docker_manifest_of(image):
    """The `docker save` manifest.json entry that describes an OCI layout tarball's image."""
    return [{
        "Config": "blobs/sha256/" + image.config_digest.split(":", 1)[1],
        "RepoTags": list(image.refs),
        "Layers": [name for _, _, name in image.layers],
    }]


def add_docker_manifest(args):
    image = ImageTar(args.image)
    if image.manifest_digest is None:
        raise ImageError(f"{args.image}: not an OCI layout")
    if any(":" not in ref for ref in image.refs):
        raise ImageError(f"{args.image}: index.json names {image.refs}, not name:tag references")
    expected = docker_manifest_of(image)
    if "manifest.json" in image.names:
        if image._json("manifest.json") != expected:
            raise ImageError(f"{args.image}: has a manifest.json that does not describe its image")
        return 0
    image.tar.close()
    data = canonical_json(expected)
    with tarfile.open(args.image, "a", format=tarfile.PAX_FORMAT) as out:
        info = tarfile.TarInfo("manifest.json")
        info.size, info.mode = len(data), 0o644
        out.addfile(info, io.BytesIO(data))
    return 0


# ---------------------------------------------------------------------------------------------------- inspect

def inspect(args):
    image = ImageTar(args.image)
    base = read_properties(args.base_properties)
    cfg = image.config.get("config", {})
    failures = []

    def check(ok, message):
        if not ok:
            failures.append(message)

    # who runs it: numeric, not root
    user = cfg.get("User", "")
    match = re.fullmatch(r"(\d+):(\d+)", user)
    check(match is not None, f"user {user!r} is not numeric uid:gid")
    if match:
        check(match.group(1) != "0" and match.group(2) != "0", f"user {user} is root")
    check(user == args.user, f"user {user!r}, expected {args.user!r}")

    # the base: its layer, byte for byte, first; and the labels naming it
    diff_ids = image.config.get("rootfs", {}).get("diff_ids", [])
    check(len(image.layers) >= 1 and image.layers[0][0] == base["layer.digest"],
          f"first layer {image.layers[0][0] if image.layers else None} is not the pinned base layer {base['layer.digest']}")
    check(diff_ids[:1] == [base["layer.diff-id"]],
          f"first diff_id {diff_ids[:1]} is not the pinned base's {base['layer.diff-id']}")
    check(len(diff_ids) == len(image.layers), f"{len(diff_ids)} diff_ids for {len(image.layers)} layers")
    labels = cfg.get("Labels") or {}
    check(labels.get("org.opencontainers.image.base.digest") == base["digest"],
          f"label base.digest {labels.get('org.opencontainers.image.base.digest')!r}, pinned base is {base['digest']}")
    check(labels.get("org.opencontainers.image.base.name") == base["name"],
          f"label base.name {labels.get('org.opencontainers.image.base.name')!r}, pinned base is {base['name']}")

    # how it starts: java from the base, with the container flags, the class path file and the main class
    entrypoint = cfg.get("Entrypoint") or []
    check(entrypoint[:1] == ["java"], f"entrypoint does not start java: {entrypoint}")
    check(entrypoint[-1:] == [args.main_class], f"entrypoint main class {entrypoint[-1:]} is not {args.main_class}")
    check("-cp" in entrypoint and entrypoint[entrypoint.index("-cp") + 1:][:1] == ["@/app/jib-classpath-file"],
          f"entrypoint has no -cp @/app/jib-classpath-file: {entrypoint}")
    for flag in ("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError"):
        check(any(arg.startswith(flag) for arg in entrypoint), f"entrypoint lacks {flag}")
    env = dict(e.split("=", 1) for e in cfg.get("Env") or [])
    check(env.get("AXONIQ_UPDATE_CHECKER_DISABLED") == "true", "AXONIQ_UPDATE_CHECKER_DISABLED=true is not set")
    check("/opt/java/bin" in env.get("PATH", "").split(":"), f"PATH {env.get('PATH')!r} does not reach /opt/java/bin")
    check(cfg.get("WorkingDir") == "/app", f"working directory {cfg.get('WorkingDir')!r}, expected /app")

    # what it listens on
    ports = sorted((cfg.get("ExposedPorts") or {}).keys())
    check(ports == [f"{args.port}/tcp"], f"exposed ports {ports}, expected {args.port}/tcp")

    # labels and tags
    for key, expected in (("org.opencontainers.image.title", args.module),
                          ("org.opencontainers.image.version", args.version),
                          ("org.opencontainers.image.description", "PRM event backbone: " + args.module)):
        check(labels.get(key) == expected, f"label {key}={labels.get(key)!r}, expected {expected!r}")
    revision = labels.get("org.opencontainers.image.revision", "")
    check(re.fullmatch(r"[0-9a-f]{40}(-dirty)?", revision) is not None, f"label revision {revision!r} is not a commit")
    if image.manifest_digest is not None:
        check("manifest.json" in image.names and image._json("manifest.json") == docker_manifest_of(image),
              "no manifest.json describing the image: `docker load` would not take it")
    tags = [ref.rsplit(":", 1)[-1] for ref in image.refs]
    check(tags == [args.version], f"tags {tags}, expected only {args.version}")
    check("latest" not in tags, "tagged latest")

    # the files: java in the base, the probe and the class path in the app layers, nothing the user may rewrite
    found = {"opt/java/bin/java": None, "app/jib-classpath-file": None, "opt/prm/healthcheck.sh": None}
    uid = match.group(1) if match else None
    writable = []
    for index in range(len(image.layers)):
        with image.layer_members(index) as layer:
            for member in layer:
                name = member.name.lstrip("./")
                if name in found:
                    found[name] = member
                if ".wh." in os.path.basename(name):
                    failures.append(f"layer {index} has a whiteout {name}: expected additions only")
                if index > 0 and (str(member.uid) == uid or (member.mode & 0o002 and not member.issym())):
                    writable.append(name)
    for name, member in found.items():
        check(member is not None, f"/{name} is missing")
    if found["opt/prm/healthcheck.sh"] is not None:
        check(found["opt/prm/healthcheck.sh"].mode & 0o755 == 0o755, "/opt/prm/healthcheck.sh is not executable")
    check(not writable, f"app files writable by the service user: {writable[:5]}")

    size = os.path.getsize(args.image)
    facts = {
        "image": image.refs[0] if image.refs else "?",
        "digest": image.manifest_digest or image.config_digest,
        "format": image.format,
        "size_mb": round(size / 1e6, 1),
        "app_mb": round(sum(l[1] for l in image.layers[1:]) / 1e6, 1),
        "layers": len(image.layers),
        "user": user,
        "port": ",".join(ports),
        "entrypoint": " ".join(entrypoint),
        "labels": labels,
        "failures": failures,
    }
    json.dump(facts, sys.stdout)
    print()
    return 1 if failures else 0


# ---------------------------------------------------------------------------------------------------- unpack

def unpack(args):
    image = ImageTar(args.image)
    os.makedirs(args.target, exist_ok=True)
    for index in range(len(image.layers)):
        with image.layer_members(index) as layer:
            for member in layer:
                if ".wh." in os.path.basename(member.name):
                    raise ImageError(f"layer {index}: whiteout {member.name} is not supported here")
                # owners, modes and links as in the image (run as root)
                layer.extract(member, args.target, numeric_owner=True, filter="fully_trusted")
    env = image.config.get("config", {}).get("Env") or []
    with open(os.path.join(args.target, ".image-env"), "w") as f:
        f.write("\n".join(env) + "\n")
    with open(os.path.join(args.target, ".image-user"), "w") as f:
        f.write((image.config.get("config", {}).get("User") or "0:0") + "\n")
    with open(os.path.join(args.target, ".image-entrypoint"), "w") as f:
        f.write("\n".join(image.config.get("config", {}).get("Entrypoint") or []) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("wrap")
    p.add_argument("--rootfs", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--properties", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--tag", required=True)
    p.add_argument("--epoch", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--workdir", default="/")
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--label", action="append", default=[])
    p.add_argument("--cmd", action="append", default=[])
    p.add_argument("--fact", action="append", default=[], help="extra key=value for the properties file")
    p.add_argument("--created-by", default="bin/build-base-image")
    p = sub.add_parser("inspect")
    p.add_argument("image")
    p.add_argument("--base-properties", required=True)
    p.add_argument("--module", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--main-class", required=True)
    p.add_argument("--port", required=True)
    p.add_argument("--user", default="10001:10001")
    p = sub.add_parser("add-docker-manifest")
    p.add_argument("image")
    p = sub.add_parser("unpack")
    p.add_argument("image")
    p.add_argument("target")
    args = parser.parse_args()
    try:
        return {"wrap": wrap, "inspect": inspect, "unpack": unpack,
                "add-docker-manifest": add_docker_manifest}[args.command](args) or 0
    except (ImageError, OSError, KeyError, ValueError, tarfile.TarError) as e:
        print(f"imagetool {args.command}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
