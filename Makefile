# The Makefile only prepares the machine and hands over to invoke (tasks.py).
# Two commands on a fresh machine:  make site   and   make test
PYTHON ?= python3
INVOKE := .venv/bin/invoke

.PHONY: site test test-fast serve check clean new publish view-public deploy rollback hooks brochure bootstrap sign reviewer-key roster-sign

site: bootstrap
	$(INVOKE) build

test: bootstrap
	$(INVOKE) test

# All but the browser and slow tests: under a minute, for while you work. make test runs everything.
test-fast: bootstrap
	$(INVOKE) test --fast

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

# 上传之前在本机查看正式发布的版本（public/）：浏览器打开 http://localhost:8001/
view-public: bootstrap
	$(INVOKE) view-public

# 上线：make deploy TARGET=/srv/dangjian   （只接受 make publish 生成的完整的正式版本；见 docs/hosting.md）
deploy: bootstrap
	$(INVOKE) deploy --target "$(TARGET)" $(if $(SOURCE),--source "$(SOURCE)") $(if $(KEEP),--keep "$(KEEP)")

# 退回上一版：make rollback TARGET=/srv/dangjian
rollback: bootstrap
	$(INVOKE) rollback --target "$(TARGET)"

# 审核人签名：make sign FILE=content/cases/laixi.md LEVEL=初审   （可加 KEY=私钥位置）
sign: bootstrap
	$(INVOKE) sign --file "$(FILE)" --level "$(LEVEL)" $(if $(KEY),--key "$(KEY)")

# 审核人第一次使用前：make reviewer-key NAME=刘洋
reviewer-key: bootstrap
	$(INVOKE) reviewer-key --name "$(NAME)" $(if $(KEY),--key "$(KEY)")

# 管理员修改审核人名单后：make roster-sign KEY=管理员私钥
roster-sign: bootstrap
	$(INVOKE) roster-sign --key "$(KEY)"

# 每次 git commit 前自动检查
hooks: bootstrap
	$(INVOKE) hooks

clean: bootstrap
	$(INVOKE) clean

# make brochure                          整个网站的成果汇编
# make brochure COUNTY="依安县 克山县"     只收这两个县（县名、编号或行政区划代码，用空格隔开）
# 其他选项：INITIATIVE=…  SINCE=2024-01-01  UNTIL=…  TITLE=…  ISSUER=…  OUT=文件名.pdf  PUBLISH=1  PDFA=1
brochure: bootstrap
	$(INVOKE) brochure $(foreach c,$(COUNTY),--county "$(c)") $(foreach i,$(INITIATIVE),--initiative "$(i)") \
	  $(if $(SINCE),--since "$(SINCE)") $(if $(UNTIL),--until "$(UNTIL)") $(if $(TITLE),--title "$(TITLE)") \
	  $(if $(ISSUER),--issuer "$(ISSUER)") $(if $(DATE),--date "$(DATE)") $(if $(OUT),--out "$(OUT)") \
	  $(if $(PUBLISH),--publish) $(if $(PDFA),--pdfa)

bootstrap:
	@$(PYTHON) tools/bootstrap.py
