"""newslint inside other data-processing frameworks.

``newslint.integrations.datatrove`` (extra ``newslint[datatrove]``): pipeline
steps that lint the documents of a datatrove pipeline.
"""
