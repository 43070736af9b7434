# The order pipeline (terraform/pipeline.tf): once the cause of the dead letters is fixed, move them back.
#   make dlq-redrive ENV=staging      (an environment `make up` deployed is on the local cloud; else AWS)

.PHONY: dlq-redrive
dlq-redrive: venv ## Move ENV's order dead letters back to the order queue (SQS StartMessageMoveTask) and say how many
	@test '$(origin ENV)' != file || { echo "error: name the environment: make dlq-redrive ENV=<env> (e.g. staging, pr-42, local)" >&2; exit 2; }
	@$(PY) -m tools.dlq redrive --env '$(ENV)' $(if $(REGION),--region $(REGION),)
