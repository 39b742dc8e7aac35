#!/usr/bin/env python3
"""Writes an Ansible YAML inventory from a jprov inventory (docs/inventory.md), for bench/ansible/docker-ce.yml.

usage: inventory.py JPROV_INVENTORY.yml [--python PATH] [--var NAME=VALUE ...] > ansible-inventory.yml

Both formats have one `all` group with `vars`, `hosts` and `children`, and the same host ranges (web[01:20]), so
the tree is copied as it is; jprov's connection variables become Ansible's:
  address -> ansible_host, ssh_port -> ansible_port, ssh_user -> ansible_user,
  ssh_key -> ansible_ssh_private_key_file, become -> ansible_become,
  become_password_env -> ansible_become_password (an env lookup), host_key_checking off -> ansible_host_key_checking,
  docker.gpg_fingerprints.rpm[0] -> docker.gpg_fingerprint (rpm_key takes one fingerprint).
docker.lookup_mirror is dropped: Ansible's rpm_key fetches the key on the host, from docker.mirror.
Every other variable (docker, base_repos_mirror, ...) is copied. --python sets ansible_python_interpreter and
--var NAME=VALUE (a YAML value) sets further variables of `all`. Needs PyYAML (an ansible dependency).
"""
import sys

import yaml

CONNECTION = {"address": "ansible_host", "ssh_port": "ansible_port", "ssh_user": "ansible_user",
              "ssh_key": "ansible_ssh_private_key_file", "become": "ansible_become"}
UNSUPPORTED = ("connection", "ssh_key_passphrase_env", "ssh_password_env", "known_hosts", "jump", "jump_key",
               "jump_password_env")


def convert_vars(v, where):
    out = {}
    for k, val in (v or {}).items():
        if k in CONNECTION:
            out[CONNECTION[k]] = val
        elif k == "become_password_env":
            out["ansible_become_password"] = "{{ lookup('env', '%s') }}" % val
        elif k == "host_key_checking":
            out["ansible_host_key_checking"] = str(val).lower() not in ("off", "false", "no")
        elif k in ("connect_timeout", "command_timeout"):
            continue                                  # jprov's own timeouts; Ansible keeps its defaults
        elif k in UNSUPPORTED:
            sys.exit("inventory.py: %s: variable %s is not converted" % (where, k))
        elif k == "docker" and isinstance(val, dict):
            d = dict(val)
            d.pop("lookup_mirror", None)
            fprs = d.pop("gpg_fingerprints", None)
            if fprs and fprs.get("rpm"):
                d["gpg_fingerprint"] = fprs["rpm"][0]
            out[k] = d
        else:
            out[k] = val
    return out


def convert_group(g, name):
    g = g or {}
    out = {}
    if g.get("vars"):
        out["vars"] = convert_vars(g["vars"], "group " + name)
    if g.get("hosts"):
        out["hosts"] = {h: (convert_vars(hv, "host " + h) or None) for h, hv in g["hosts"].items()}
    if g.get("children"):
        out["children"] = {c: convert_group(cg, c) for c, cg in g["children"].items()}
    return out


def main(argv):
    args = argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__.strip().splitlines()[2])
    with open(args[0], encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict) or list(doc) != ["all"]:
        sys.exit("inventory.py: %s: a jprov inventory has exactly one key, all" % args[0])
    inv = {"all": convert_group(doc["all"], "all")}
    extra = inv["all"].setdefault("vars", {})
    i = 1
    while i < len(args):
        if args[i] == "--python" and i + 1 < len(args):
            extra["ansible_python_interpreter"] = args[i + 1]
        elif args[i] == "--var" and i + 1 < len(args) and "=" in args[i + 1]:
            k, v = args[i + 1].split("=", 1)
            extra[k] = yaml.safe_load(v)
        else:
            sys.exit("inventory.py: unknown argument %s" % args[i])
        i += 2
    yaml.safe_dump(inv, sys.stdout, sort_keys=False, default_flow_style=False)


if __name__ == "__main__":
    main(sys.argv)
