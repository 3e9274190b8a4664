# The Makefile only prepares the machine and hands over to invoke (tasks.py).
# Two commands on a fresh machine:  make site   and   make test
PYTHON ?= python3
INVOKE := .venv/bin/invoke

.PHONY: site test serve check clean new publish hooks bootstrap

site: bootstrap
	$(INVOKE) build

test: bootstrap
	$(INVOKE) test

serve: bootstrap
	$(INVOKE) serve

check: bootstrap
	$(INVOKE) check

# make new 会逐项提问；也可以直接指定：make new KIND=case
new: bootstrap
	$(INVOKE) new $(or $(KIND),ask)

# 正式发布：只发布审核完成的内容。SITE_PUBLIC_URL=https://… make publish
publish: bootstrap
	$(INVOKE) build --publish

# 每次 git commit 前自动检查
hooks: bootstrap
	$(INVOKE) hooks

clean: bootstrap
	$(INVOKE) clean

bootstrap:
	@$(PYTHON) tools/bootstrap.py
