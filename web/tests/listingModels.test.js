import { describe, expect, it } from 'vitest'
import { measure, modelRow, sourceLabel, trainingRequest } from '../src/lib/listingModels.js'

describe('listing models', () => {
  it('shapes a model row with its held-out measures', () => {
    const row = modelRow({
      version: 'ft-0123456789abcdef',
      active: true,
      source: 'decisions',
      examples: 250,
      holdout_examples: 48,
      metrics: { accuracy: 0.9583, labels: { wildlife: { f1: 0.97, support: 20 }, benign: { f1: 0.9, support: 15 } } },
      training_seconds: 1.234,
      model_size: 8912896,
      created_by: 'office1',
    })
    expect(row.active).toBe(true)
    expect(row.source).toBe('审核决定')
    expect(row.accuracy).toBe('0.958')
    expect(row.f1.wildlife).toBe('0.970')
    expect(row.f1.tool).toBe('—')
    expect(row.support.wildlife).toBe(20)
    expect(row.support.tool).toBe(0)
    expect(row.seconds).toBe('1.2')
    expect(row.sizeMiB).toBe('8.5')
  })

  it('formats measures and sources', () => {
    expect(measure(undefined)).toBe('—')
    expect(measure(1)).toBe('1.000')
    expect(sourceLabel('decisions+labels')).toBe('审核决定 + 标注文件')
    expect(sourceLabel('other')).toBe('other')
  })

  it('builds the training request', () => {
    expect(trainingRequest({ minDecisions: '300', activate: true })).toEqual({ min_decisions: 300, activate: true })
    expect(trainingRequest({ minDecisions: 'x' })).toEqual({ min_decisions: 200, activate: false })
  })
})
