# The Makefile only prepares the machine and hands over to invoke (tasks.py).
# Two commands on a fresh machine:  make site   and   make test
PYTHON ?= python3
INVOKE := .venv/bin/invoke

.PHONY: site test serve check clean bootstrap

site: bootstrap
	$(INVOKE) build

test: bootstrap
	$(INVOKE) test

serve: bootstrap
	$(INVOKE) serve

check: bootstrap
	$(INVOKE) check

clean: bootstrap
	$(INVOKE) clean

bootstrap:
	@$(PYTHON) tools/bootstrap.py
